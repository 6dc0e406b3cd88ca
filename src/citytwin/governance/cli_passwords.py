"""``citytwin users password NAME``: set the password a person logs in to the viewer with (docs/security.md).

Registered under ``citytwin users`` by :mod:`citytwin.cli`. The password is asked twice on the terminal, or
read from stdin with ``--stdin`` (one line); only its scrypt hash is stored. The command acts as ``--user``
(:mod:`.cli_admin`: an administrator when authentication is on); the change is ledgered with that actor.
"""

from __future__ import annotations

import sys

import click

from citytwin.clierrors import clean_errors
from citytwin.governance.cli_admin import acting_admin, user_option
from citytwin.governance.cli_common import cli_store, db_option


@click.command("password")
@db_option
@click.argument("name")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from stdin (one line).")
@user_option
@clean_errors
def users_password(url: str, name: str, from_stdin: bool, user: str | None) -> None:
    """Set the login password of account NAME (at least 10 characters)."""
    from citytwin.governance.passwords import set_password

    with cli_store(url) as store:  # refused before the password is asked
        acting_admin(store, user)
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    with cli_store(url) as store:
        admin = acting_admin(store, user)
        set_password(store, name, password)
        admin.ledger(f"account:{name}", ["password"])
    click.echo(f"password of {name} set", err=True)
