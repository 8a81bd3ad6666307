# _scale.py: what the Python programs here share with their ports in examples/asyncio-docs/:
# ASYNCIO_DOCS_SCALE multiplies every delay of the documentation (1 = the docs' seconds; the
# test runs both sides with the same smaller factor), PORT comes from argv[1] (the docs' 8888
# or 9999 by default).
import os
import sys

S = float(os.environ.get("ASYNCIO_DOCS_SCALE", "1"))


def port(default):
    return int(sys.argv[1]) if len(sys.argv) > 1 else default
