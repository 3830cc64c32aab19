"""Runs in a fresh process: loads the claim model, answers some requests of the app (which
load every claim's vector), and reports the process's resident-set high-water mark (VmHWM).

Reads {"paths": [...], "headers": {...}} on stdin, writes {"peak_mb": ..., "rss_mb": ...}.
"""

import json
import os
import sys

from tests.bench.export_child import memory_mb


def main() -> None:
    job = json.loads(sys.stdin.read())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.server_settings")
    import django

    django.setup()
    from django.test import Client

    from annotations import embedding

    embedding.claim_vectors([("The model is loaded.", "A claim restated.")])
    client = Client(headers=job["headers"])
    for path in job["paths"]:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered HTTP {response.status_code}")
    json.dump({"peak_mb": memory_mb("VmHWM"), "rss_mb": memory_mb("VmRSS")}, sys.stdout)


if __name__ == "__main__":
    main()
