"""``standoff serve``: the what-if web app on a scenario (the ``app`` extra)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Annotated

import typer

from standoff.core.errors import UserError
from standoff.presenters.cli.app import DEFAULT_SCENARIO, app, err
from standoff.presenters.text import markup

LOOPBACK = "127.0.0.1"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def check_port(host: str, port: int) -> None:
    """Fail early, with a clear message, when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UserError(f"--host {host}: not an address this machine knows ({exc.strerror})") from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise UserError(f"cannot listen on {host}:{port} ({exc.strerror})",
                            hint="another program may be using the port; try --port 8001") from None


@app.command()
def serve(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario name or a scenario file.")] = DEFAULT_SCENARIO,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (only this machine by default).")] = LOOPBACK,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Run the what-if web app on a scenario: sliders and toggles for the inputs that
    matter, the assessment redrawn on each change, downloads of the edited scenario and
    its brief. Stop it with Ctrl+C."""
    from standoff.core.extras import need

    for module in ("fastapi", "jinja2", "multipart", "plotly"):
        need(module, "app", "the web app")
    uvicorn = need("uvicorn", "app", "the web app")
    from standoff.presenters.app.server import create_app

    web = create_app(scenario)
    check_port(host, port)
    if not _is_loopback(host):
        err.print(f"[bold yellow]warning:[/] listening on {markup(host)}: other machines on the network can reach the app")
    shown = f"[{host}]" if ":" in host else host
    err.print(f"standoff serve: http://{shown}:{port}/ (Ctrl+C to stop)", markup=False)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False, date_header=False)
