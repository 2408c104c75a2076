"""SSO role credentials in the AWS CLI's cache, written and read by botocore's own code.

  botocore_role.py write DIR   botocore's SSOCredentialFetcher fetches (the Portal call
                               stubbed) and caches, with JSONFileCache, the credentials of
                               each case below; prints "case file" a line
  botocore_role.py read DIR [CASE...]
                               the same fetchers (of CASEs, default all) with a stub that allows no call: each must
                               find its credentials in DIR; prints "case AccessKeyId" a line

The expiry is an hour from now: botocore reuses cached credentials while they have more
than 15 minutes left, by the real clock.
"""
import json
import os
import sys
import time

import botocore.session
from botocore.credentials import SSOCredentialFetcher
from botocore.stub import Stubber
from botocore.utils import JSONFileCache

CASES = {
    # name: (session name, start URL, account, role)
    'session': ('my-sso', 'https://my-sso-portal.awsapps.com/start', '111111111111', 'ReadOnly'),
    'legacy': (None, 'https://d-1234567890.awsapps.com/start#', '222222222222', 'Admin'),
    'unicode': ('m\u00fcnchen \U0001f600', 'https://x.awsapps.com/start', '333333333333', 'R\u00f4le'),
}


def fetcher(case, cache, respond):
    session_name, start_url, account, role = CASES[case]
    session = botocore.session.Session()

    def client_creator(service, config=None):
        client = session.create_client(service, region_name='us-east-1', config=config)
        stub = Stubber(client)
        if respond:
            stub.add_response('get_role_credentials', {'roleCredentials': {
                'accessKeyId': 'ASIA' + case.upper(), 'secretAccessKey': 'secret-' + case,
                'sessionToken': 'token-' + case,
                'expiration': int(time.time() + 3600) * 1000 + 123}})
        stub.activate()
        return client

    return SSOCredentialFetcher(start_url, 'us-east-1', role, account, client_creator,
                                token_loader=lambda url: {'accessToken': 'access-token',
                                                          'expiresAt': '2100-01-01T00:00:00Z'},
                                cache=cache, sso_session_name=session_name)


def main(mode, d, cases):
    cache = JSONFileCache(d)
    for case in cases or CASES:
        f = fetcher(case, cache, mode == 'write')
        creds = f.fetch_credentials()
        if mode == 'write':
            print(case, f._create_cache_key() + '.json')
        else:
            print(case, creds['access_key'])


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
