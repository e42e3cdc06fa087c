#!/usr/bin/env python
"""Django's command-line utility for Trust Check."""

import os
import sys


def main() -> None:
    # The command line is the developer's: DEBUG on unless the environment says DEBUG=0, as every
    # production command does (README, Scaling out). Web servers load config.wsgi / config.asgi,
    # whose settings keep DEBUG off unless it is set.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.dev_settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
