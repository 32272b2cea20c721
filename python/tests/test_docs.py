"""docs/python.md runs as written: its Python blocks, in order, in a fresh folder."""

import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

CHAPTER = Path(__file__).resolve().parents[2] / "docs" / "python.md"


class Chapter(unittest.TestCase):
    def test_the_chapters_code_runs(self):
        blocks = re.findall(r"```python\n(.*?)```", CHAPTER.read_text(), re.S)
        self.assertGreaterEqual(len(blocks), 5)
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "chapter.py"
            script.write_text("\n".join(blocks))
            done = subprocess.run([sys.executable, str(script)], cwd=tmp, capture_output=True,
                                  text=True)
            self.assertEqual(done.returncode, 0, done.stderr[-3000:])
            self.assertIn("replays: both runs", done.stdout)
            self.assertIn("does NOT replay: step 0", done.stdout)
            self.assertTrue((Path(tmp) / "curves.png").stat().st_size > 10_000)


if __name__ == "__main__":
    unittest.main()
