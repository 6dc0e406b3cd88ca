"""CLI: ``citytwin ingest mqtt`` (ingest workers), ``citytwin devices command`` (command a device) and
``citytwin devices mqtt-key|mqtt-acl`` (per-device keys and the broker's password and ACL files)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click

from citytwin.clierrors import clean_errors
from citytwin.ingest.iot.mqtt_topics import COMMAND_ACK_GROUP, DEFAULT_BROKER, INGEST_GROUP
from citytwin.settings import DEFAULT_DB

_BROKER_HELP = "MQTT broker URL, mqtt://[user[:password]@]host[:port]."
_DB_HELP = "sqlite:///path.db (embedded) or postgresql://user@host:port/db"
_broker = click.option(
    "--broker", default=DEFAULT_BROKER, show_default=True, envvar="CITYTWIN_MQTT_URL", help=_BROKER_HELP
)
_db = click.option("--db", "url", envvar="CITYTWIN_DB", default=DEFAULT_DB, show_default=True, help=_DB_HELP)


@click.group("ingest")
def ingest() -> None:
    """Ingest readings from IoT transports into the twin."""


@ingest.command("mqtt")
@_broker
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@_db
@click.option("--tenant", default=None, help="Only this tenant's topics (default: all; '' is the default).")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000))
@click.option(
    "--receive-maximum",
    default=3000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Unacknowledged messages the broker may have in flight to each worker.",
)
@click.option(
    "--batch-delay-ms",
    default=50,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Longest batch wait.",
)
@click.option(
    "--client-prefix",
    default="citytwin-ingest",
    show_default=True,
    help="Worker i connects as PREFIX-i (a stable broker session: keep it, and --workers, across restarts).",
)
@click.option("--group", default=INGEST_GROUP, show_default=True, help="Shared-subscription group.")
@click.option(
    "--progress-interval", default=10.0, show_default=True, type=float, help="Seconds between reports."
)
@clean_errors
def ingest_mqtt(
    *,
    broker: str,
    workers: int,
    url: str,
    tenant: str | None,
    batch_size: int,
    receive_maximum: int,
    batch_delay_ms: int,
    client_prefix: str,
    group: str,
    progress_interval: float,
) -> None:
    """Subscribe to citytwin/{tenant}/{device}/telemetry (shared) and ingest until interrupted.

    Progress (messages/s, batch latency, dead letters) is written as JSON lines on stderr.
    """
    from citytwin.ingest.iot.mqtt import MqttIngestConfig
    from citytwin.ingest.iot.mqtt_topics import parse_broker_url
    from citytwin.ingest.iot.mqtt_workers import IngestSpec, run_ingest

    address = parse_broker_url(broker)  # fail before starting anything
    config = MqttIngestConfig(
        broker=broker,
        tenant=tenant,
        batch_size=batch_size,
        receive_maximum=receive_maximum,
        batch_delay_s=batch_delay_ms / 1000,
        share_group=group,
        progress_interval_s=progress_interval,
    )
    click.echo(f"citytwin MQTT ingest: {workers} worker(s) on {address}, store {_safe(url)}", err=True)
    run_ingest(IngestSpec(db=url, config=config, client_prefix=client_prefix), workers)


def _safe(url: str) -> str:
    from citytwin.cli import _safe_url

    return _safe_url(url)


def _param(raw: str) -> tuple[str, Any]:
    name, sep, text = raw.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{raw!r}: expected NAME=VALUE", param_hint="--param")
    try:
        value: Any = json.loads(text)  # numbers, true/false, null, objects; anything else is text
    except ValueError:
        value = text
    return name, value


@click.command("command")
@click.argument("code")
@click.argument("name")
@click.option("--param", "params", multiple=True, help="NAME=VALUE (JSON values are parsed), repeatable.")
@click.option("--tenant", default="", help="Tenant of the device (default tenant when omitted).")
@_db
@_broker
@click.option(
    "--timeout", default=300.0, show_default=True, type=float, help="Seconds the device has to answer."
)
@click.option("--wait/--no-wait", default=False, show_default=True, help="Wait for the device's answer.")
@click.option("--issued-by", default=None, help="Who issues it (default: the OS user).")
@click.option("--ack-group", default=COMMAND_ACK_GROUP, show_default=True, help="Acknowledgement group.")
@clean_errors
def devices_command(
    *,
    code: str,
    name: str,
    params: tuple[str, ...],
    tenant: str,
    url: str,
    broker: str,
    timeout: float,
    wait: bool,
    issued_by: str | None,
    ack_group: str,
) -> None:
    """Send device CODE the command NAME; prints the command record (JSON) and, with --wait, its answer."""
    import getpass

    from citytwin.errors import StorageUnavailable
    from citytwin.ingest.iot.commands import OPEN, CommandService, registered
    from citytwin.ingest.iot.mqtt_downlink import MqttCommandChannel
    from citytwin.ingest.iot.registry import DeviceRegistry
    from citytwin.storage.registry import open_store

    with open_store(url) as store:
        service = CommandService(store, resolve_device=registered(DeviceRegistry(store)))
        channel = MqttCommandChannel(broker, on_ack=service.apply_ack, group=ack_group)
        service.channel = channel
        channel.start()
        try:
            if not channel.wait_ready(10):
                raise StorageUnavailable(f"the MQTT broker {channel.address} does not answer")
            command = service.issue(
                tenant,
                code,
                name,
                dict(_param(p) for p in params),
                issued_by=issued_by or getpass.getuser(),
                timeout_s=timeout,
            )
            if wait:
                # Any process in the acknowledgement group may record the answer: watch the record
                # (it reads as expired once the deadline has passed).
                deadline = time.monotonic() + timeout + 5
                while command.state in OPEN and time.monotonic() < deadline:
                    time.sleep(0.2)
                    command = service.get(tenant, command.id)
            click.echo(json.dumps(command.to_json(), ensure_ascii=False))
        finally:
            channel.stop()


@click.command("mqtt-key")
@click.argument("code")
@click.option("--tenant", default="", help="Tenant of the device (default tenant when omitted).")
@click.option("--revoke", is_flag=True, help="Delete the device's key instead (regenerate the broker files).")
@_db
@clean_errors
def devices_mqtt_key(*, code: str, tenant: str, revoke: bool, url: str) -> None:
    """Issue (or --revoke) device CODE's key: its MQTT password, printed once as JSON with its username."""
    from citytwin.ingest.iot.mqtt_keys import DeviceKeys, username
    from citytwin.storage.registry import open_store

    with open_store(url) as store:
        keys = DeviceKeys(store)
        if revoke:
            keys.revoke(tenant, code)
            click.echo(json.dumps({"device": code, "tenant": tenant, "revoked": True}))
            return
        key, record = keys.issue(tenant, code)
    shown = {"device": record.code, "tenant": tenant, "username": username(tenant, record.code), "key": key}
    click.echo(json.dumps(shown, ensure_ascii=False))


@click.command("mqtt-acl")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Mosquitto password_file to write (PBKDF2-SHA512 hashes).")  # fmt: skip
@click.option("--acl-file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Mosquitto acl_file to write.")  # fmt: skip
@click.option("--service-user", default="citytwin", show_default=True, help="The platform's broker account.")
@click.option("--service-password-file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Its password (created, mode 0600, when missing); ingest logs in with it.")  # fmt: skip
@click.option("--append", "append", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="ACL lines of your own, appended as they are (other services' accounts).")  # fmt: skip
@_db
@clean_errors
def devices_mqtt_acl(
    *,
    password_file: Path,
    acl_file: Path,
    service_user: str,
    service_password_file: Path,
    append: Path | None,
    url: str,
) -> None:
    """Write Mosquitto's password and ACL files from the device keys (then reload the broker: SIGHUP)."""
    from citytwin.ingest.iot.mqtt_acl import service_password, write_broker_files
    from citytwin.ingest.iot.mqtt_keys import DeviceKeys
    from citytwin.storage.registry import open_store

    secret = service_password(service_password_file)
    extra = append.read_text(encoding="utf-8") if append is not None else ""
    with open_store(url) as store:
        written = write_broker_files(
            DeviceKeys(store).all(),
            password_file,
            acl_file,
            service_user=service_user,
            service_secret=secret,
            extra_acl=extra,
        )
    click.echo(json.dumps({**written.to_json(), "serviceUser": service_user}, ensure_ascii=False))


COMMANDS = (ingest,)
"""Top-level commands this module adds to ``citytwin``."""
DEVICE_COMMANDS = (devices_command, devices_mqtt_key, devices_mqtt_acl)
"""Subcommands this module adds to ``citytwin devices``."""


def serve_environment(mqtt: str | None, *, ingest: bool, workers: int) -> None:
    """Configure ``citytwin serve`` workers (they read ``CITYTWIN_*``) for commands and in-server ingest."""
    import os

    from citytwin.errors import BadRequestData
    from citytwin.ingest.iot.mqtt_topics import parse_broker_url

    if ingest and workers > 1:
        # One broker session per ingest worker: API workers cannot each claim a stable one.
        raise BadRequestData(
            "--ingest runs with one server worker; use `citytwin ingest mqtt --workers N` beside it"
        )
    broker = mqtt or (DEFAULT_BROKER if ingest else None)
    if broker is None:
        return
    parse_broker_url(broker)
    os.environ["CITYTWIN_MQTT_URL"] = broker
    os.environ["CITYTWIN_MQTT_INGEST"] = "true" if ingest else "false"
    click.echo(
        f"MQTT {'commands and ingest' if ingest else 'commands'} via {parse_broker_url(broker)}", err=True
    )


def register(main: click.Group) -> None:
    """Add ``ingest`` to ``citytwin`` and ``command`` to ``citytwin devices`` (created if missing)."""
    main.add_command(ingest)
    devices = main.commands.get("devices")
    if not isinstance(devices, click.Group):
        devices = click.Group("devices", help="IoT devices: registry and commands.")
        main.add_command(devices)
    for command in DEVICE_COMMANDS:
        devices.add_command(command)
