"""Re-pack zip archives with Python bytecode. Runs INSIDE Pyodide (its CPython
3.12.7) under Node.js, started by bytecode_compile.mjs for site_hooks/vendoring/bytecode.py;
standard library only.

Reads ``/repack/jobs.json``: a list of jobs ``{"input", "output", "mode",
"prefix", "drop", "wheel_tag"}`` with paths relative to ``/repack``:

* ``mode = "sourceless"``: each ``x.py`` becomes ``x.pyc`` in its place (imported
  without the source, as zipimport and the sourceless loader allow);
* ``mode = "beside"``: each ``x.py`` stays and gains ``__pycache__/x.<tag>.pyc``
  (tracebacks show the source lines);
* ``drop``: fnmatch patterns of members left out;
* ``wheel_tag``: if set, the ``Tag:`` of the wheel's ``.dist-info/WHEEL`` (a wheel
  of bytecode is for one Python: ``cp312-none-any``, not ``py3-none-any``);
* ``prefix``: where the archive's members live at run time, e.g.
  ``/lib/python312.zip/``; it becomes each code object's file name.

All bytecode is unchecked-hash (PEP 552): the loader neither reads the source nor
compares timestamps (the files never change once shipped). A wheel's RECORD is
rewritten to list what the new wheel holds. Prints one JSON line of statistics.
"""

import base64
import fnmatch
import hashlib
import importlib.util
import json
import os
import py_compile
import sys
import zipfile

ROOT = "/repack"
TMP = "/tmp/repack"


def pyc_bytes(source, install_path):
    """Unchecked-hash bytecode of ``source`` whose code objects name ``install_path``."""
    os.makedirs(TMP, exist_ok=True)
    src, out = f"{TMP}/m.py", f"{TMP}/m.pyc"
    with open(src, "wb") as fh:
        fh.write(source)
    py_compile.compile(src, cfile=out, dfile=install_path, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open(out, "rb") as fh:
        return fh.read()


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def repack(job):
    stats = {"output": job["output"], "compiled": 0, "dropped": 0, "dropped_bytes": 0}
    drop = job.get("drop", [])
    record = None
    written = []
    with zipfile.ZipFile(f"{ROOT}/{job['input']}") as zin, \
            zipfile.ZipFile(f"{ROOT}/{job['output']}", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            name = info.filename
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in drop):
                stats["dropped"] += 1
                stats["dropped_bytes"] += info.compress_size
                continue
            if name.endswith(".dist-info/RECORD"):
                record = name  # rewritten last, from what was written
                continue
            data = zin.read(name)
            if job.get("wheel_tag") and name.endswith(".dist-info/WHEEL"):
                data = "".join(f"Tag: {job['wheel_tag']}\n" if line.startswith("Tag:") else line
                               for line in data.decode().splitlines(keepends=True)).encode()
            if name.endswith(".py"):
                code = pyc_bytes(data, job["prefix"] + name)
                stats["compiled"] += 1
                if job["mode"] == "sourceless":
                    out = [(name + "c", code)]
                else:
                    out = [(name, data), (importlib.util.cache_from_source(name), code)]
            else:
                out = [(name, data)]
            for member, content in out:
                entry = zipfile.ZipInfo(member, date_time=info.date_time)
                entry.external_attr = info.external_attr
                entry.compress_type = info.compress_type if not name.endswith("/") else zipfile.ZIP_STORED
                zout.writestr(entry, content, compresslevel=9)
                written.append((member, content))
        if record is not None:
            lines = [record_line(m, c) for m, c in written if not m.endswith("/")] + [f"{record},,"]
            zout.writestr(zipfile.ZipInfo(record, date_time=(1980, 1, 1, 0, 0, 0)), "\n".join(lines) + "\n",
                          compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return stats


def main():
    with open(f"{ROOT}/jobs.json") as fh:
        jobs = json.load(fh)
    stats = [repack(job) for job in jobs]
    print(json.dumps({"python": sys.version.split()[0], "cache_tag": sys.implementation.cache_tag,
                      "magic": importlib.util.MAGIC_NUMBER.hex(), "jobs": stats}))


main()
