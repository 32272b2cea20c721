"""`check`: a replayable model replays, with its ideal code length computed independently;
each planted nondeterminism is named with its step and stream."""

import time
import unittest

import numpy as np

import deepzip_bench as dz

T0 = time.perf_counter()


class KT:
    """Order-0 Krichevsky-Trofimov counts per stream."""

    def __init__(self, hello):
        self.counts = np.full((hello.streams, hello.alphabet), 0.5, dtype=np.float32)
        self.t = 0

    def predict(self, live):
        return self.counts[:live]

    def update(self, symbols):
        self.counts[np.arange(len(symbols)), symbols] += 1.0
        self.t += 1


class Unseeded(KT):
    def __init__(self, hello):
        super().__init__(hello)
        self.counts += np.random.rand(*self.counts.shape).astype(np.float32)


class Clocked(KT):
    def predict(self, live):
        if self.t == 5:
            self.counts[0, 0] += np.float32(time.perf_counter() - T0)
        return super().predict(live)


class ModeBranch(KT):
    def __init__(self, hello):
        super().__init__(hello)
        self.decoding = hello.mode == "decompress"

    def predict(self, live):
        if self.decoding and self.t == 7:
            self.counts[1, 2] += 1.0
        return super().predict(live)


def kt_bits(symbols, streams, m):
    """The KT code length of the streams the harness cuts, from the counts formula."""
    n = len(symbols)
    base, extra = divmod(n, streams)
    bits = 0.0
    for b in range(streams):
        start = b * base + min(b, extra)
        part = symbols[start:start + base + (1 if b < extra else 0)]
        counts = np.zeros(m)
        for t, s in enumerate(part):
            bits -= np.log2((counts[s] + 0.5) / (t + m / 2))
            counts[s] += 1
    return bits / n


class Check(unittest.TestCase):
    symbols = np.random.default_rng(7).integers(0, 4, size=3001).astype(np.uint8)

    def test_a_replayable_model_replays_at_its_kt_code_length(self):
        for streams in (1, 3):
            report = dz.check(KT, alphabet=4, streams=streams, symbols=self.symbols)
            self.assertTrue(report.replays, str(report))
            self.assertIsNone(report.step)
            self.assertAlmostEqual(report.bits_per_symbol, kt_bits(self.symbols, streams, 4), places=4)
            self.assertGreater(report.symbols_per_s, 0)
            self.assertIn("replays", str(report))

    def test_an_unseeded_random_state_is_named_at_step_0(self):
        report = dz.check(Unseeded, alphabet=4, streams=2, symbols=self.symbols)
        self.assertEqual((report.replays, report.step, report.stream), (False, 0, 0))
        self.assertIn("does NOT replay: step 0 (stream 0)", str(report))

    def test_a_time_dependent_value_is_named_at_its_step(self):
        report = dz.check(Clocked, alphabet=4, streams=2, symbols=self.symbols)
        self.assertEqual((report.replays, report.step, report.stream), (False, 5, 0))

    def test_a_branch_on_the_mode_is_named_at_its_step_and_stream(self):
        report = dz.check(ModeBranch, alphabet=4, streams=2, symbols=self.symbols)
        self.assertEqual((report.replays, report.step, report.stream), (False, 7, 1))

    def test_bad_symbols_and_shapes_are_refused(self):
        with self.assertRaises(ValueError):
            dz.check(KT, alphabet=4, symbols=np.array([0, 4], dtype=np.uint8))

        class Wrong(KT):
            def predict(self, live):
                return self.counts[:live, :3]

        with self.assertRaisesRegex(ValueError, r"step 0: predict\(1\) gave shape"):
            dz.check(Wrong, alphabet=4, symbols=self.symbols)

    def test_without_symbols_it_checks_a_source_of_the_alphabet(self):
        report = dz.check(KT, alphabet=3, length=2000)
        self.assertTrue(report.replays)
        self.assertEqual(report.length, 2000)


if __name__ == "__main__":
    unittest.main()
