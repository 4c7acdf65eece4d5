#!/usr/bin/env python3
"""Latency of `orglint server`: from a `didChange` to its
`publishDiagnostics`, on a generated org, and the server's memory over many
edits. A benchmark, not a test: it prints figures for BENCHMARKS.md.

    cargo build --release --bin orglint --example gen-org
    python3 benches/lsp_latency.py [--people 10000] [--edits 200] [--soak 1000] [--layout one|split]

`--layout split` writes the same org as a root and one file per person and
team (an org of many files) and edits one person's file.
Only the standard library is used; the server is spoken to over pipes.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
RELEASE = ROOT / "target" / "release"


def generate(people: int, folder: pathlib.Path, layout: str) -> pathlib.Path:
    text = subprocess.run(
        [str(RELEASE / "examples" / "gen-org"), "--people", str(people)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (folder / ".git").mkdir()
    root = folder / "org.toml"
    if layout == "one":
        root.write_text(text)
        return root
    # One file per `[people.x]` / `[teams.x]` table; the rest stays in the root.
    blocks, current, head = {}, None, []
    for line in text.splitlines(keepends=True):
        if line.startswith("[people.") or line.startswith("[teams."):
            kind, _, name = line.strip()[1:-1].partition(".")
            current = (kind, name.strip('"'))
            blocks[current] = [line]
        elif line.startswith("["):
            current = None
            head.append(line)
        elif current is None:
            head.append(line)
        else:
            blocks[current].append(line)
    for (kind, name), lines in blocks.items():
        path = folder / kind / f"{name}.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(lines))
    head_text = "".join(head).replace(
        "[org]\n", '[org]\ninclude = ["people/*.toml", "teams/*.toml"]\n', 1
    )
    root.write_text(head_text)
    return root


class Client:
    def __init__(self, binary: pathlib.Path):
        self.process = subprocess.Popen(
            [str(binary), "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def wait_published(self, uri: str, version: int) -> dict:
        while True:
            message = self.receive()
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] == uri and params.get("version") == version:
                return params

    def rss_kib(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--soak", type=int, default=1_000)
    parser.add_argument("--layout", choices=["one", "split"], default="one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        root = generate(args.people, folder, args.layout)
        if args.layout == "one":
            edited = root
        else:
            edited = sorted((folder / "people").glob("*.toml"))[len(list((folder / "people").glob("*.toml"))) // 2]
        text = edited.read_text()
        uri = edited.resolve().as_uri()
        # The line edited: a title, whose value is toggled between two
        # spellings, so that every edit changes the text and the org.
        line = next(i for i, l in enumerate(text.splitlines()) if l.startswith("title = "))
        client = Client(RELEASE / "orglint")
        client.request("initialize", {"processId": os.getpid(), "capabilities": {}, "rootUri": folder.as_uri()})
        client.notify("initialized", {})
        start = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}})
        first = client.wait_published(uri, 1)
        opened = time.perf_counter() - start
        latencies, rss = [], []
        total = max(args.edits, args.soak)
        for n in range(total):
            version = n + 2
            change = {
                "range": {"start": {"line": line, "character": 9}, "end": {"line": line, "character": 10}},
                "text": "A" if n % 2 == 0 else "B",
            }
            start = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            client.wait_published(uri, version)
            if n < args.edits:
                latencies.append(time.perf_counter() - start)
            if n % 100 == 0 or n == total - 1:
                rss.append((n, client.rss_kib()))
        client.close()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"org: {args.people} people, layout {args.layout}; {len(first['diagnostics'])} diagnostics in the edited file")
    print(f"open -> first publish: {opened * 1000:.1f} ms")
    print(f"didChange -> publishDiagnostics over {len(latencies)} edits: median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print("RSS (KiB) after edit n: " + ", ".join(f"{n}: {kib}" for n, kib in rss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
