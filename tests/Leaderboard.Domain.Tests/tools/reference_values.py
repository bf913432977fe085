"""Compute the expected values in GeneratorTests.cs, NormalDistributionTests.cs and BootstrapSeedTests.cs.

    /usr/bin/python3 tests/Leaderboard.Domain.Tests/tools/reference_values.py

SplitMix64 and xoshiro256** are written out here from their published definitions,
independently of the C# code. erfc and the normal quantile come from scipy (1.10.1 when the
literals were computed), and the seed from hashlib.
"""

import hashlib

from scipy.special import erfc
from scipy.stats import norm

MASK = (1 << 64) - 1


def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro256starstar(seed):
    seeder = splitmix64(seed)
    s = [next(seeder) for _ in range(4)]
    while True:
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


def bounded(generator, bound):
    """Lemire's multiply-and-reject method for a uniform integer in [0, bound)."""
    product = next(generator) * bound
    low = product & MASK
    if low < bound:
        threshold = (-bound % (1 << 64)) % bound
        while low < threshold:
            product = next(generator) * bound
            low = product & MASK
    return product >> 64


def main():
    sm = splitmix64(1234567)
    print("SplitMix64(1234567):", ", ".join(f"0x{next(sm):016X}UL" for _ in range(5)))
    xs = xoshiro256starstar(42)
    print("Xoshiro256StarStar(42):", ", ".join(f"0x{next(xs):016X}UL" for _ in range(5)))
    xs = xoshiro256starstar(42)
    print("NextInt(120) x 10, seed 42:", ", ".join(str(bounded(xs, 120)) for _ in range(10)))
    xs = xoshiro256starstar(7)
    print("NextInt(3) x 10, seed 7:", ", ".join(str(bounded(xs, 3)) for _ in range(10)))
    print("norm.ppf(0.975):", repr(norm.ppf(0.975)))
    for x in [0.0, 0.1, 0.5, 1.0, 1.3859038243496777, 1.9, 2.0, 2.5, 4.0, 6.0, 10.0, 26.0, -0.7, -3.0]:
        print(f"erfc({x!r}) = {erfc(x)!r}")
    for x in [-8.0, -1.959963984540054, 0.0, 0.3, 1.959963984540054, 5.0]:
        print(f"cdf({x!r}) = {norm.cdf(x)!r}")
    for text in ["valid-labels-v1", ""]:
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        print(f"seed({text!r}) = 0x{int.from_bytes(digest[:8], 'big'):016X}UL")


if __name__ == "__main__":
    main()
