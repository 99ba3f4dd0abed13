#!/usr/bin/env python3
"""Put a self-hosted Pyodide runtime and the wheels the calculators need under docs/runtime/.

    python scripts/build_runtime.py            # idempotent; cached in .cache/

What it writes (docs/runtime/ is git-ignored, never commit it):

    docs/runtime/pyodide/<version>/   pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm,
                                      python_stdlib.zip (from the npm tarball, verified)
    docs/runtime/wheels/              the pinned wheels (verified), the pure markupsafe
                                      wheel built from its pinned sdist, and calc's own
                                      wheel in calc-<source hash>/ so browsers never use
                                      a stale one
    docs/runtime/manifest.json        files with sizes and sha256, the Pyodide lock entries
                                      of our wheels (Pyodide checks their sha256), and which
                                      wheels load at start and which only when imported

Downloads are cached in .cache/runtime/ keyed by version and hash: a second run with the
cache makes no network request. calc's wheel is rebuilt only when its sources change
(pyproject.toml and the sdist's include list: calc/, templates/, …); its build backend
(hatchling) is installed from the cache, offline.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any, NamedTuple

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "runtime"
OUT = ROOT / "docs" / "runtime"

PYODIDE_VERSION = "314.0.7"
PYODIDE_SHA512 = (
    "0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A=="
)
PYODIDE_SHA256 = "66b7949e5a0cba2250b586d7e368bf12fb482800748d182c4618254b685ffaa0"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PLATFORM = "pyemscripten_2026_0_wasm32"

# name, version, wheel file, sha256. pydantic 2.14.3 pins pydantic-core 2.50.4 exactly.
WHEELS = (
    ("pydantic", "2.14.3", "pydantic-2.14.3-py3-none-any.whl",
     "3f7b347782ab7e4cf4c798496ae3a82787d9f21ec12676a9c564355eeef8daa8"),
    ("pydantic-core", "2.50.4", f"pydantic_core-2.50.4-cp314-cp314-{PLATFORM}.whl",
     "e6da138a1ecc1341c8b788a5ee822670b03788e1f5decf7af9d461de6e508b8e"),
    ("typing-extensions", "4.16.0", "typing_extensions-4.16.0-py3-none-any.whl",
     "481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8"),
    ("annotated-types", "0.8.0", "annotated_types-0.8.0-py3-none-any.whl",
     "f072f4d804ea359e4eaf198b1af7a8b0943881a87f31bb764f8bf219bb9419e0"),
    ("typing-inspection", "0.4.5", "typing_inspection-0.4.5-py3-none-any.whl",
     "bc210535442b39e1bf2805e0c7a17dfd6a4ace760c84c7f7d16245d23a6b1c39"),
    ("jinja2", "3.1.6", "jinja2-3.1.6-py3-none-any.whl",
     "85ece4451f492d0c13c5dd7c13a64681a86afae63a5f347908daf103ce6d2f67"),
    ("openpyxl", "3.1.5", "openpyxl-3.1.5-py2.py3-none-any.whl",
     "5282c12b107bffeef825f4617dc029afaf41d0ea60823bbb665ef3079dc79de2"),
    ("et-xmlfile", "2.0.0", "et_xmlfile-2.0.0-py3-none-any.whl",
     "7a91720bc756843502c3b7504c77b8fe44217c85c537d85037f0f536151b2caa"),
)  # fmt: skip
# markupsafe has no pure wheel on PyPI: build one from its pinned sdist with no C compiler.
MARKUPSAFE = ("markupsafe", "3.0.4", "markupsafe-3.0.4.tar.gz",
              "2e9ad7dd851bf45fab9f75cbff4cb493fee9979e8d8c7c9c3ee119022518edd6")  # fmt: skip
HATCHLING = "hatchling==1.33.0"  # calc's build backend (pyproject.toml), cached for offline builds
# Loaded at start: calc and the pydantic stack, which every question needs. The rest
# (jinja2 for templates, openpyxl for XLSX downloads) load when a
# page first imports them: calc.api imports only the module of the question asked.
ALWAYS = ("pydantic",)

PIP = [sys.executable, "-m", "pip"]
# Environment markers of Pyodide's Python, to read the wheels' dependencies.
PYODIDE_ENV = {
    "python_version": "3.14", "python_full_version": "3.14.2", "sys_platform": "emscripten",
    "platform_system": "Emscripten", "platform_machine": "wasm32", "os_name": "posix",
    "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": "",
}  # fmt: skip


def log(msg: str) -> None:
    print(f"[runtime] {msg}", flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def verified(path: Path, digest: str) -> bool:
    return path.is_file() and sha256(path) == digest


def pip(*args: str, env: dict[str, str] | None = None) -> None:
    cmd = [*PIP, *args]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stdout}\n{done.stderr}")


def copy_if_changed(src: Path, dst: Path) -> bool:
    if dst.is_file() and dst.stat().st_size == src.stat().st_size and sha256(dst) == sha256(src):
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(dst.suffix + ".part")
    shutil.copyfile(src, tmp)
    tmp.replace(dst)
    return True


# --- Pyodide ------------------------------------------------------------------------------


def pyodide_tarball() -> Path:
    """The npm tarball, from the cache or ``npm pack``; sha512 and sha256 verified."""
    folder = CACHE / "npm"
    path = folder / f"pyodide-{PYODIDE_VERSION}-{PYODIDE_SHA256[:16]}.tgz"
    if not verified(path, PYODIDE_SHA256):
        log(f"npm pack pyodide@{PYODIDE_VERSION}")
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", tmp],
                check=True, capture_output=True, cwd=tmp,
            )  # fmt: skip
            got = Path(tmp) / f"pyodide-{PYODIDE_VERSION}.tgz"
            data = got.read_bytes()
            sha512 = base64.b64encode(hashlib.sha512(data).digest()).decode()
            if sha512 != PYODIDE_SHA512 or hashlib.sha256(data).hexdigest() != PYODIDE_SHA256:
                raise SystemExit(f"pyodide@{PYODIDE_VERSION}: tarball hash mismatch")
            shutil.move(got, path)
    return path


def extract_pyodide() -> tuple[Path, dict[str, object]]:
    """The runtime files under docs/runtime/pyodide/<version>/ and the npm lock's info."""
    tarball = pyodide_tarball()
    unpacked = CACHE / "npm" / f"pyodide-{PYODIDE_VERSION}-{PYODIDE_SHA256[:16]}"
    needed = (*PYODIDE_FILES, "pyodide-lock.json")
    if not all((unpacked / n).is_file() for n in needed):
        with tarfile.open(tarball) as tar:
            for name in needed:
                member = tar.getmember(f"package/{name}")
                src = tar.extractfile(member)
                assert src is not None
                unpacked.mkdir(parents=True, exist_ok=True)
                (unpacked / name).write_bytes(src.read())
    dest = OUT / "pyodide" / PYODIDE_VERSION
    for name in PYODIDE_FILES:
        if copy_if_changed(unpacked / name, dest / name):
            log(f"wrote pyodide/{PYODIDE_VERSION}/{name}")
    info = json.loads((unpacked / "pyodide-lock.json").read_text("utf-8"))["info"]
    return dest, info


# --- wheels -------------------------------------------------------------------------------


def pinned_wheels() -> list[Path]:
    folder = CACHE / "wheels"
    missing = [w for w in WHEELS if not verified(folder / w[2], w[3])]
    for name, version, filename, _ in missing:
        log(f"pip download {name}=={version}")
        args = ["download", "-q", "--no-deps", "--only-binary=:all:", "-d", str(folder)]
        if filename.endswith(f"{PLATFORM}.whl"):
            args += ["--platform", PLATFORM, "--python-version", "3.14",
                     "--implementation", "cp", "--abi", "cp314"]  # fmt: skip
        pip(*args, f"{name}=={version}")
    for name, _, filename, digest in WHEELS:
        if not verified(folder / filename, digest):
            raise SystemExit(f"{name}: {filename} is missing or its sha256 is not {digest}")
    return [folder / w[2] for w in WHEELS]


def markupsafe_wheel() -> Path:
    name, version, sdist, digest = MARKUPSAFE
    folder = CACHE / f"markupsafe-{version}-{digest[:16]}"
    wheel = folder / f"markupsafe-{version}-py3-none-any.whl"
    if wheel.is_file():
        return wheel
    folder.mkdir(parents=True, exist_ok=True)
    if not verified(folder / sdist, digest):
        log(f"pip download {name}=={version} (sdist)")
        pip("download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(folder),
            f"{name}=={version}")  # fmt: skip
    if not verified(folder / sdist, digest):
        raise SystemExit(f"{sdist}: sha256 is not {digest}")
    log("building the pure markupsafe wheel (CC=false)")
    env = {**os.environ, "CC": "false", "SOURCE_DATE_EPOCH": "315532800"}
    pip("wheel", "-q", "--no-deps", "--no-binary", "markupsafe", "-w", str(folder),
        str(folder / sdist), env=env)  # fmt: skip
    if not wheel.is_file():
        raise SystemExit("markupsafe: no pure wheel was built")
    return wheel


def package_sources() -> list[Path]:
    """What calc's wheel is built from: pyproject.toml and the sdist's ``include`` list
    (calc/, templates/, README.md, …)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    sdist = project.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {})
    include = sdist.get("sdist", {}).get("include", ["calc"])
    return [ROOT / "pyproject.toml"] + [ROOT / name for name in include if (ROOT / name).exists()]


def calc_sources_hash() -> str:
    h = hashlib.sha256()
    files: list[Path] = []
    for src in package_sources():
        found = [src] if src.is_file() else src.rglob("*")
        files += [p for p in found if p.is_file() and "__pycache__" not in p.parts]
    for p in sorted(files):
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def calc_wheel(key: str) -> Path:
    """calc's own wheel (``pip wheel . --no-deps``), cached by ``key``, a hash of its sources."""
    folder = CACHE / "calc" / key
    found = sorted(folder.glob("*.whl"))
    if found:
        return found[0]
    backend = CACHE / "build-backend"
    if not (backend / ".complete").is_file():
        log(f"pip download {HATCHLING} (build backend, cached for offline builds)")
        pip("download", "-q", "--only-binary=:all:", "-d", str(backend), HATCHLING)
        (backend / ".complete").write_text(HATCHLING)
    log(f"building calc's wheel ({key})")
    with tempfile.TemporaryDirectory() as tmp:
        # Build from a clean copy: only what the wheel needs, no build debris in the repo.
        src = Path(tmp) / "src"
        for path in package_sources():
            dest = src / path.relative_to(ROOT)
            if path.is_dir():
                shutil.copytree(path, dest, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, dest)
        if not (src / "README.md").is_file():  # pyproject's readme, while it is not written
            (src / "README.md").write_text("calc\n")
        env = {**os.environ, "SOURCE_DATE_EPOCH": "315532800", "PIP_NO_INDEX": "1"}
        pip("wheel", "-q", "--no-deps", "--no-index", "--find-links", str(backend),
            "-w", str(Path(tmp) / "out"), str(src), env=env)  # fmt: skip
        built = sorted((Path(tmp) / "out").glob("*.whl"))
        if len(built) != 1:
            raise SystemExit(f"calc: expected one wheel, got {built}")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.move(built[0], folder / built[0].name)
    for old in (CACHE / "calc").iterdir():
        if old.name != key:
            shutil.rmtree(old, ignore_errors=True)
    return next(folder.glob("*.whl"))


# --- wheel metadata -----------------------------------------------------------------------


class WheelMeta(NamedTuple):
    name: str
    version: str
    depends: list[str]
    imports: list[str]


def wheel_meta(path: Path) -> WheelMeta:
    """Name, version, dependencies (no extras) and top-level modules of a wheel."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(z.read(meta_name).decode("utf-8"))
    depends = []
    for text in meta.get_all("Requires-Dist") or []:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(PYODIDE_ENV):
            depends.append(canonical(req.name))
    tops = set()
    for n in names:
        first = n.split("/", 1)[0]
        if first.endswith((".dist-info", ".data")):
            continue
        if "/" in n or n.endswith(".py"):
            tops.add(first.removesuffix(".py"))
        elif n.endswith(".so"):
            tops.add(first.split(".", 1)[0])
    return WheelMeta(canonical(str(meta["Name"])), str(meta["Version"]), depends, sorted(tops))


# --- main ---------------------------------------------------------------------------------


def build() -> dict[str, Any]:
    started = time.monotonic()
    runtime_dir, lock_info = extract_pyodide()
    wheels_dir = OUT / "wheels"
    third_party = [*pinned_wheels(), markupsafe_wheel()]
    calc_key = calc_sources_hash()
    calc = calc_wheel(calc_key)
    metas = {p: wheel_meta(p) for p in [*third_party, calc]}
    calc_name = metas[calc].name
    calc_rel = f"calc-{calc_key}/{calc.name}"

    placed: dict[Path, str] = {p: p.name for p in third_party}
    placed[calc] = calc_rel
    keep = set(placed.values())
    for p, rel in placed.items():
        if copy_if_changed(p, wheels_dir / rel):
            log(f"wrote wheels/{rel}")
    for old in sorted(wheels_dir.rglob("*")):
        rel = old.relative_to(wheels_dir).as_posix()
        if old.is_file() and rel not in keep:
            old.unlink()
            log(f"removed stale wheels/{rel}")
    for old in sorted(wheels_dir.glob("calc-*")):
        if old.is_dir() and not any(old.iterdir()):
            old.rmdir()

    # Which wheels load at start: calc and the pydantic stack (with their dependencies);
    # everything else when Python first imports it.
    by_name = {m.name: m for m in metas.values()}
    roots = {canonical(n) for n in ALWAYS}
    start: set[str] = {calc_name}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in start or name not in by_name:
            continue
        start.add(name)
        todo.extend(by_name[name].depends)
    # calc's own dependencies in the lock: only those loaded at start (the rest are lazy).
    metas[calc] = metas[calc]._replace(depends=[d for d in metas[calc].depends if d in start])

    lock_packages: dict[str, dict[str, object]] = {}
    wheels: list[dict[str, object]] = []
    for p, m in metas.items():
        name = m.name
        digest = sha256(p)
        lock_packages[name] = {
            "name": name,
            "version": m.version,
            "file_name": placed[p],
            "install_dir": "site",
            "sha256": digest,
            "package_type": "package",
            "imports": m.imports,
            "depends": [d for d in m.depends if d in by_name],
            "unvendored_tests": False,
        }
        wheels.append({
            "name": name,
            "version": m.version,
            "file": f"wheels/{placed[p]}",
            "size": p.stat().st_size,
            "sha256": digest,
            "imports": m.imports,
            "load": "start" if name in start else "lazy",
        })  # fmt: skip
    lazy = sorted(set(by_name) - start)
    runtime_files: list[dict[str, Any]] = [
        {
            "file": f"pyodide/{PYODIDE_VERSION}/{n}",
            "size": (runtime_dir / n).stat().st_size,
            "sha256": sha256(runtime_dir / n),
        }
        for n in PYODIDE_FILES
    ]
    manifest = {
        "pyodide": {
            "version": PYODIDE_VERSION,
            "index": f"pyodide/{PYODIDE_VERSION}/",
            "tarball_sha256": PYODIDE_SHA256,
        },
        "calc": {
            "package": calc_name,
            "version": metas[calc].version,
            "source_hash": calc_key,
        },
        "packages_base": "wheels/",
        "start": sorted(start),
        "lazy": lazy,
        "files": runtime_files,
        "wheels": sorted(wheels, key=lambda w: (w["load"] != "start", str(w["name"]))),
        "lock": {"info": lock_info, "packages": dict(sorted(lock_packages.items()))},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    target = OUT / "manifest.json"
    if not target.is_file() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
        log("wrote manifest.json")
    total = sum(f["size"] for f in runtime_files) + sum(
        p.stat().st_size for p, m in metas.items() if m.name in start
    )
    log(
        f"ready in {time.monotonic() - started:.1f}s: start = {', '.join(sorted(start))}; "
        f"lazy = {', '.join(lazy)}; {total / 1e6:.1f} MB loaded at start"
    )
    return manifest


if __name__ == "__main__":
    build()
