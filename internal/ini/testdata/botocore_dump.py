"""Print whether botocore reads pairs of shared config/credentials files.

Usage: python3 botocore_dump.py DIR N
DIR/0 .. DIR/N-1 each hold a "config" and a "credentials" file (either may
be absent). Prints a JSON list with, per case, null if botocore's
Session.full_config loads the pair, else the name of the exception. One
Session is reused (its cache reset) because creating one per case costs
milliseconds.
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
            session.full_config
            out.append(None)
        except Exception as e:  # noqa: BLE001 - any failure is a rejection
            out.append(type(e).__name__)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
