"""The package against the installed `bench` (or $DEEPZIP_BENCH): sources equal `bench gen`
and what a grid codes, results read back as typed DataFrames with the params as columns, and
`bench` found beside this Python. CI runs these in a fresh venv holding the wheel, with no
cargo on PATH."""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

import deepzip_bench as dz
from deepzip_bench.harness import bench_path

# One source of every kind the harness has, with its fields.
EVERY_KIND = [
    ("iid", {"probs": [0.5, 0.25, 0.125, 0.125]}),
    ("markov", {"k": 7, "alphabet": 3, "noise": 0.1}),
    ("lagged_fibonacci", {"j": 5, "k": 17, "alphabet": 4}),
    ("counter", {"width": 8}),
    ("repeats", {"alphabet": 16, "block": 50, "recall": 4, "copy": 0.5}),
    ("markov_chain", {"alphabet": 3, "order": 2, "alpha": 0.5}),
    ("hmm", {"states": 3, "alphabet": 4}),
    ("prng", {"generator": "lcg", "bit": 8}),
    ("prng", {"generator": "mt19937"}),
]


def bench(*args, cwd=None):
    return subprocess.run([bench_path(), *map(str, args)], capture_output=True, text=True,
                          check=True, cwd=cwd)


class Installed(unittest.TestCase):
    def test_bench_runs_from_beside_this_python(self):
        if os.environ.get("DEEPZIP_BENCH"):
            self.skipTest("DEEPZIP_BENCH names another bench")
        self.assertEqual(Path(bench_path()).parent, Path(sys.executable).parent)
        self.assertTrue(bench("--version").stdout.startswith("bench "))

    def test_the_package_and_bench_have_one_version(self):
        self.assertEqual(bench("--version").stdout.split(), ["bench", dz.__version__])


class Sources(unittest.TestCase):
    def test_every_kind_equals_bench_gens_bytes(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data.bin"
            data.write_bytes(bytes([3, 1, 4, 1, 5, 9, 2, 6] * 100))
            kinds = EVERY_KIND + [("file", {"path": str(data)})]
            for i, (kind, fields) in enumerate(kinds):
                with self.subTest(kind=kind, fields=fields):
                    out = Path(tmp) / f"{i}.bin"
                    words = [f"{k}={dz.harness.yaml_value(v)}" for k, v in fields.items()]
                    bench("gen", kind, *words, "--len", 800, "--seed", 3, "-o", out)
                    array = dz.source(kind, 800, seed=3, **fields)
                    self.assertEqual(array.dtype, np.uint8)
                    self.assertEqual(array.tobytes(), out.read_bytes())

    def test_an_array_codes_as_the_grid_job_of_its_source(self):
        # The array written to a file and coded as `kind: file` over the source's alphabet
        # gives the same compressed bytes as the source's own job.
        with tempfile.TemporaryDirectory() as tmp:
            x = dz.source("markov", 5000, seed=4, k=3, alphabet=4, noise=0.05)
            (Path(tmp) / "x.bin").write_bytes(x.tobytes())
            (Path(tmp) / "g.yaml").write_text(
                "name: g\nlength: 5000\nseeds: [4]\nsources:\n"
                "  - {kind: markov, k: 3, alphabet: 4, noise: 0.05}\n"
                "  - {kind: file, path: x.bin, alphabet: 4}\n"
                "compressors:\n  - {kind: order, k: 3}\n  - {kind: chgru, hidden: 8}\n")
            results = dz.run(Path(tmp) / "g.yaml", out=Path(tmp) / "out", quiet=True)
            for compressor, rows in results.groupby("compressor"):
                self.assertEqual(len(rows), 2)
                self.assertEqual(rows["compressed_bytes"].nunique(), 1, compressor)

    def test_entropy_rate_and_describe(self):
        self.assertAlmostEqual(dz.entropy_rate("iid", probs=[0.5, 0.25, 0.25]), 1.5, places=12)
        self.assertAlmostEqual(dz.entropy_rate("markov", k=5), 0.0)
        described = dz.describe("markov_chain", 3000, seed=2, alphabet=2, order=1)
        rows = np.array(described["rows"])
        self.assertEqual(rows.shape, (2, 2))
        np.testing.assert_allclose(rows.sum(axis=1), 1.0)
        self.assertGreater(described["bayes_bps"], described["oracle_bps"] - 0.05)

    def test_a_bad_field_is_bench_s_own_error(self):
        with self.assertRaises(dz.BenchError) as caught:
            dz.source("markov", 100, k=0)
        self.assertIn("k", str(caught.exception))


GRID = """name: tiny
length: 3000
seeds: [1, 2]
sources:
  - {kind: markov, k: [2, 5], alphabet: 3}
compressors:
  - {kind: order, k: [0, 3]}
  - {kind: chgru, hidden: 8, recipe: tuned}
  - {kind: gzip}
"""


class Results(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        (cls.dir / "tiny.yaml").write_text(GRID)
        cls.results = dz.run(cls.dir / "tiny.yaml", out=cls.dir / "out", jobs=2, quiet=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_one_row_per_job_with_typed_columns_and_params_as_columns(self):
        r = self.results
        self.assertEqual(list(r["job"]), list(range(16)))
        self.assertTrue(r["verified"].all())
        self.assertEqual(r["length"].dtype, np.int64)
        self.assertEqual(r["bits_per_symbol"].dtype, np.float64)
        self.assertEqual(str(r["compressed_bytes"].dtype), "Int64")
        # Markov-k's oracle agrees with its rate: the sequence is mixed.
        self.assertEqual(str(r["mixed"].dtype), "boolean")
        self.assertTrue(r["mixed"].all())
        self.assertEqual(sorted(r["source.k"].unique()), [2, 5])
        self.assertEqual(str(r["source.k"].dtype), "Int64")
        orders = r[r["compressor"].str.startswith("order-")]
        self.assertEqual(sorted(orders["compressor.k"].unique()), [0, 3])
        self.assertEqual(set(r.loc[r["compressor"] == "gzip-9", "compressor.level"]), {9})
        self.assertTrue(r.loc[r["compressor"] == "gzip-9", "compressor.pack"].all())
        # bits_per_symbol is the compressed bytes over the length, as written.
        np.testing.assert_allclose(r["bits_per_symbol"], 8 * r["compressed_bytes"].astype(float) / r["length"])

    def test_a_results_csv_and_a_shard_folder_read_the_same(self):
        same = dz.read_results(self.dir / "out" / "results.csv")
        self.assertTrue(same.equals(self.results))
        shards = self.dir / "sharded"
        for i in (1, 0):
            dz.run(self.dir / "tiny.yaml", out=shards, shard=f"{i}/2", jobs=1, quiet=True)
        from_shards = dz.read_results(shards)
        columns = ["job", "source", "compressor", "compressed_bytes"]
        self.assertTrue(from_shards[columns].equals(self.results[columns]))

    def test_curves_carry_the_job_and_the_oracle(self):
        curves = dz.read_curves(self.dir / "out")
        self.assertEqual(set(curves["job"]) - set(self.results["job"]), set())
        chgru = curves[curves["compressor"] == "chgru-8-tuned"]
        self.assertGreater(len(chgru), 0)
        self.assertTrue(chgru["oracle_bps"].notna().all())
        self.assertTrue((chgru["position"].diff().dropna() > 0).any())

    def test_the_regret_by_position_of_a_segmented_source(self):
        # Markov-k has no segments: icl.csv has no rows.
        self.assertEqual(len(dz.read_icl(self.dir / "out")), 0)
        grid = self.dir / "icl.yaml"
        grid.write_text(
            "name: icl\nlength: 400\nsources: [{kind: markov_chain, order: 1, resample: 20}]\n"
            "compressors: [{kind: order, k: 1}]\n"
        )
        dz.run(grid, out=self.dir / "icl", quiet=True)
        icl = dz.read_icl(self.dir / "icl")
        self.assertEqual(list(icl["position"]), list(range(1, 21)))
        self.assertEqual(set(icl["compressor"]), {"order-1"})
        # The Bayes learner's first symbol of a segment is a fair guess: 1 bit.
        self.assertEqual(icl["bayes_bps"].iloc[0], 1.0)


class Params(unittest.TestCase):
    def test_quoted_bracketed_and_plain_values(self):
        self.assertEqual(
            dz.results.parse_params('compress="xz -9 {in}" values=[0,1,2] k=3 p=0.5 pack=true name=a'),
            {"compress": "xz -9 {in}", "values": "[0,1,2]", "k": 3, "p": 0.5, "pack": True,
             "name": "a"},
        )


if __name__ == "__main__":
    unittest.main()
