"""A headless Chromium driven over the DevTools protocol, for tests of the review page.

Chromium's ``--remote-debugging-pipe`` reads commands on file descriptor 3 and answers on 4,
one JSON message each, ended by a NUL byte: no WebDriver, no websocket library, no port.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# key → (code, virtual key code) for Input.dispatchKeyEvent
_KEYS = {k: (f"Key{k.upper()}", ord(k.upper())) for k in "abcdefghijklmnopqrstuvwxyz"}


class Browser:
    """One headless Chromium with one page; ``with Browser(profile_dir) as b: b.open(url)``."""

    def __init__(self, profile_dir: Path) -> None:
        assert CHROMIUM is not None
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()
        # the child's ends, moved above 3 and 4 so that wiring them there clobbers nothing
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (cmd_r, out_w)]
        os.close(cmd_r)
        os.close(out_w)

        def wire() -> None:  # in the child: the protocol's two descriptors are 3 and 4
            for fd, target in zip(high, (3, 4), strict=True):
                os.dup2(fd, target)
                os.set_inheritable(target, True)

        self._proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile_dir}",
             "about:blank"],
            close_fds=False, preexec_fn=wire,  # close_fds would close 3 and 4 after wire()
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for fd in high:
            os.close(fd)
        self._next = 0
        self._buffer = b""
        self._session: str | None = None

    def __enter__(self) -> Browser:
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)
        self._session = attached["sessionId"]
        self.call("Page.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        self._proc.kill()
        self._proc.wait(timeout=30)
        os.close(self._cmd_w)
        os.close(self._out_r)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self._session is not None:
            message["sessionId"] = self._session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._out_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the protocol pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        for _ in range(200):  # until the page's script has run
            if self.eval("document.readyState") == "complete":
                return
            self.call("Runtime.evaluate", expression="new Promise(r => setTimeout(r, 50))",
                      awaitPromise=True)  # fmt: skip
        raise RuntimeError(f"{url} did not load")

    def eval(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def press(self, key: str) -> None:
        """A real key press, as the keyboard makes it (keyDown, char, keyUp)."""
        code, vk = _KEYS[key]
        common = {"key": key, "code": code, "windowsVirtualKeyCode": vk}
        self.call("Input.dispatchKeyEvent", type="keyDown", text=key, **common)
        self.call("Input.dispatchKeyEvent", type="keyUp", **common)
