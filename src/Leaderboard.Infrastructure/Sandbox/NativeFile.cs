using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// The two file calls .NET does not offer on Linux: <c>open</c> with <c>O_NOFOLLOW</c>, and
/// <c>chown</c>. Flag values are from the Linux UAPI headers: asm-generic/fcntl.h, which x86-64
/// uses, and arch/arm64/include/uapi/asm/fcntl.h, which moves O_NOFOLLOW.
/// </summary>
internal static partial class NativeFile
{
    public const int ErrorNotFound = 2;     // ENOENT
    public const int ErrorPermission = 1;   // EPERM
    public const int ErrorSymbolicLink = 40; // ELOOP: the last component is a symbolic link and O_NOFOLLOW was given

    private const int OpenReadOnly = 0x0;       // O_RDONLY
    private const int OpenNoControllingTerminal = 0x100; // O_NOCTTY
    private const int OpenNonBlocking = 0x800;  // O_NONBLOCK: opening a FIFO with no writer returns at once
    private const int OpenCloseOnExec = 0x80000; // O_CLOEXEC

    /// <summary>
    /// Opens <paramref name="path"/> for reading without following a symbolic link in its last
    /// component and without blocking on a FIFO; returns the errno on failure.
    /// </summary>
    public static SafeFileHandle? OpenNoFollow(string path, out int errno)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The sandbox reads container output only on Linux.");
        }

        var flags = OpenReadOnly | OpenNonBlocking | OpenCloseOnExec | OpenNoControllingTerminal | NoFollowFlag();
        var descriptor = Open(path, flags);
        if (descriptor < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    /// <summary>Changes the owner of <paramref name="path"/>; returns 0, or the errno (EPERM when this process is not root).</summary>
    public static int ChangeOwner(string path, uint uid, uint gid)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The sandbox prepares work folders only on Linux.");
        }

        return Chown(path, uid, gid) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private static int NoFollowFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x20000, // 00400000 in asm-generic
        // NOTE: the arm64 value is read from the kernel header; the tests ran on x86-64 only.
        Architecture.Arm64 => 0x8000, // 0100000 in arch/arm64
        var other => throw new PlatformNotSupportedException($"The sandbox does not know O_NOFOLLOW on {other}."),
    };

    // Plain DllImport, because LibraryImport's generated marshalling needs unsafe code, which
    // this project does not enable.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
#pragma warning restore SYSLIB1054
}
