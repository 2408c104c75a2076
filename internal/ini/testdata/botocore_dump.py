"""Print what botocore makes of pairs of shared config/credentials files.

Usage: python3 botocore_dump.py DIR N
DIR/0 .. DIR/N-1 each hold a "config" and a "credentials" file (either may
be absent). Prints a JSON list with, per case, {"error": "..."} or
{"profiles": ..., "sso": ..., "services": ...} as botocore's
Session.full_config returns them. One Session is reused (its cache reset)
because creating one per case costs milliseconds.
"""
import json
import os
import sys

import botocore.session


def main():
    root, n = sys.argv[1], int(sys.argv[2])
    session = botocore.session.Session()
    out = []
    for i in range(n):
        d = os.path.join(root, str(i))
        session.set_config_variable('config_file', os.path.join(d, 'config'))
        session.set_config_variable('credentials_file', os.path.join(d, 'credentials'))
        session._config = None
        try:
            full = session.full_config
            out.append({
                'profiles': full.get('profiles', {}),
                'sso': full.get('sso_sessions', {}),
                'services': full.get('services', {}),
            })
        except Exception as e:  # noqa: BLE001 - any failure is "error"
            out.append({'error': type(e).__name__})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
