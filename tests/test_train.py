"""`make train` reproduces the shipped boundary model byte for byte (the README says so)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "lib" / "cuttings" / "segment" / "boundary_model.json"


def test_make_train_reproduces_the_shipped_model(bench, tmp_path):
    out = tmp_path / "model.json"
    env = dict(os.environ, CUTTINGS_BENCH=str(bench))
    # the threads the Makefile's train target pins: a product split over several BLAS threads sums in
    # another order and moves the last bits of the coefficients
    env.update({k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                 "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")})
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "train_boundaries.py"), "--out", str(out)],
                         env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    assert out.read_bytes() == SHIPPED.read_bytes()
