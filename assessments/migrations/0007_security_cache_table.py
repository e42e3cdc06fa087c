"""The database cache's table (``CACHES`` in config/settings.py), so that every path that migrates
(``make run``, deployments, the test databases) has it; ``createcachetable`` is idempotent and does
nothing when the cache is Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_security_login_throttle")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
