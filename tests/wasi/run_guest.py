"""run_guest.py: runs a wasi:cli command component on Wasmtime (the `wasmtime` Python package,
`Linker.add_wasip2()`), as `wasmtime run` would: stdout and stderr inherited, the environment
variables named in WASI_PASS_ENV (comma-separated) passed in, stdin from WASI_STDIN_FILE, network asked for with
`wasi_config_inherit_network` (wasmtime-py 49's WasiConfig has no method for it; the guest sees
whether the runtime granted it). Exit status 0 when `run` returned ok, 1 when it returned err.

Usage: python3 run_guest.py guest.component.wasm
"""
import os
import sys

import wasmtime
from wasmtime import _ffi as ffi
from wasmtime import component as cm

engine = wasmtime.Engine()
store = wasmtime.Store(engine)
linker = cm.Linker(engine)
linker.add_wasip2()
wasi = wasmtime.WasiConfig()
wasi.inherit_stdout()
wasi.inherit_stderr()
if os.environ.get("WASI_STDIN_FILE"):
    wasi.stdin_file = os.environ["WASI_STDIN_FILE"]
wasi.env = [(k, os.environ[k]) for k in os.environ.get("WASI_PASS_ENV", "").split(",") if k in os.environ]
ffi.wasi_config_inherit_network(wasi.ptr())
store.set_wasi(wasi)
component = cm.Component.from_file(engine, sys.argv[1])
instance = linker.instantiate(store, component)
run_iface = instance.get_export_index(store, "wasi:cli/run@0.2.10")
run = instance.get_func(store, instance.get_export_index(store, "run", run_iface))
result = run(store)
sys.stdout.flush()
sys.exit(0 if getattr(result, "tag", "ok") == "ok" else 1)
