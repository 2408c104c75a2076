"""Writes and rewrites SSO cache files with botocore's own code, for ssocache's tests.

  botocore_golden.py write DIR    write the golden files into DIR/cli and DIR/refresh
  botocore_golden.py rewrite DIR  load every DIR/*.json with JSONFileCache and store it again
  botocore_golden.py keys         read a JSON list of registration key args on stdin,
                                  print the AWS CLI's cache key of each, one a line

The dicts are built in the order and with the types the AWS CLI v2's SSOTokenFetcher
(awscli/botocore/utils.py) builds them; JSONFileCache and _sso_json_dumps do the writing,
SSOTokenLoader names token files, and SSOTokenProvider does a real refresh (the service
call stubbed with botocore's Stubber).
"""
import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile

import botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.stub import Stubber
from botocore.tokens import SSOTokenProvider, _sso_json_dumps
from botocore.utils import JSONFileCache, SSOTokenLoader
from dateutil.tz import tzutc

NOW = datetime.datetime(2026, 12, 3, 9, 30, 15, 123456, tzinfo=tzutc())
REG_EXPIRES = datetime.datetime.fromtimestamp(1804066215, tzutc())  # clientSecretExpiresAt


def registration_cache_key(args):
    # awscli/botocore/utils.py BaseSSOTokenFetcher._registration_cache_key
    return hashlib.sha1(json.dumps(args, sort_keys=True).encode('utf-8')).hexdigest()


def reg_args(region, start_url, session_name, scopes):
    return {'tool': 'botocore', 'startUrl': start_url, 'region': region,
            'scopes': scopes, 'session_name': session_name}


def token(start_url, region, access, expires_in, registration, refresh=None):
    # SSOTokenFetcher._create_token_attempt / SSOTokenFetcherAuth._create_token_
    t = {
        'startUrl': start_url,
        'region': region,
        'accessToken': access,
        'expiresAt': NOW + datetime.timedelta(seconds=expires_in),
        'clientId': registration['clientId'],
        'clientSecret': registration['clientSecret'],
        'registrationExpiresAt': registration['expiresAt'],
    }
    if refresh is not None:
        t['refreshToken'] = refresh
    return t


def write(out):
    cli = JSONFileCache(os.path.join(out, 'cli'), dumps_func=_sso_json_dumps)
    names = SSOTokenLoader(cli)

    # Device code login of [sso-session my-sso] with scopes (SSOTokenFetcher._register_client).
    dev_reg = {'clientId': 'dev-client-id', 'clientSecret': 'dev-client-secret',
               'expiresAt': REG_EXPIRES, 'scopes': ['sso:account:access']}
    cli[registration_cache_key(reg_args('us-east-1', 'https://my-sso-portal.awsapps.com/start',
                                        'my-sso', ['sso:account:access']))] = dev_reg
    names.save_token('https://my-sso-portal.awsapps.com/start',
                     token('https://my-sso-portal.awsapps.com/start', 'us-east-1', 'dev-access-token',
                           28800, dev_reg, refresh='dev-refresh-token'), session_name='my-sso')

    # Legacy profile (no sso-session, no scopes): key is the start URL as configured.
    legacy_url = 'https://d-1234567890.awsapps.com/start#'
    legacy_reg = {'clientId': 'legacy-client-id', 'clientSecret': 'legacy-client-secret',
                  'expiresAt': REG_EXPIRES}
    cli[registration_cache_key(reg_args('eu-west-1', legacy_url, None, None))] = legacy_reg
    names.save_token(legacy_url, token(legacy_url, 'eu-west-1', 'legacy-access-token', 3600, legacy_reg))

    # PKCE login (SSOTokenFetcherAuth._register_client): shared name, grantTypes in the content,
    # default scope; a session name and start URL outside ASCII.
    pkce_url = 'https://x.awsapps.com/start/\u00e9t\u00e9'
    pkce_reg = {'clientId': 'pkce-client-id', 'clientSecret': 'pkce-client-secret',
                'expiresAt': REG_EXPIRES, 'scopes': ['sso:account:access'],
                'grantTypes': ('authorization_code', 'refresh_token')}
    cli[registration_cache_key(reg_args('ap-south-1', pkce_url, 'm\u00fcnchen \U0001f600', None))] = pkce_reg
    names.save_token(pkce_url, token(pkce_url, 'ap-south-1', 'pkce-access-token', 28800, pkce_reg,
                                     refresh='pkce-refresh-token'), session_name='m\u00fcnchen \U0001f600')

    # botocore's own refresh (SSOTokenProvider._refresher) of the my-sso token, 10 minutes
    # before it expires.
    refresh_dir = os.path.join(out, 'refresh')
    os.makedirs(refresh_dir, exist_ok=True)
    key = names._generate_cache_key(None, 'my-sso')
    shutil.copy(os.path.join(out, 'cli', key + '.json'), refresh_dir)
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, 'config')
        with open(config, 'w') as f:
            f.write('[profile dev]\nsso_session = my-sso\n'
                    '[sso-session my-sso]\nsso_start_url = https://my-sso-portal.awsapps.com/start\n'
                    'sso_region = us-east-1\n')
        os.environ['AWS_CONFIG_FILE'] = config
        session = botocore.session.Session(profile='dev')
        later = NOW + datetime.timedelta(seconds=28800 - 600)
        provider = SSOTokenProvider(session, cache=JSONFileCache(refresh_dir, dumps_func=_sso_json_dumps),
                                    time_fetcher=lambda: later)
        client = session.create_client('sso-oidc', region_name='us-east-1',
                                       config=Config(signature_version=UNSIGNED))
        stub = Stubber(client)
        stub.add_response('create_token',
                          {'accessToken': 'refreshed-access-token', 'expiresIn': 28800,
                           'refreshToken': 'rotated-refresh-token', 'tokenType': 'Bearer'},
                          {'grantType': 'refresh_token', 'clientId': 'dev-client-id',
                           'clientSecret': 'dev-client-secret', 'refreshToken': 'dev-refresh-token'})
        provider.__dict__['_client'] = client  # CachedProperty: preset the stubbed client
        with stub:
            tok = provider.load_token().get_frozen_token()
        assert tok.token == 'refreshed-access-token', tok
        stub.assert_no_pending_responses()


def rewrite(d):
    cache = JSONFileCache(d, dumps_func=_sso_json_dumps)
    for name in sorted(os.listdir(d)):
        if name.endswith('.json'):
            key = name[:-len('.json')]
            cache[key] = cache[key]


def keys():
    for args in json.load(sys.stdin):
        print(registration_cache_key(args))


if __name__ == '__main__':
    {'write': lambda: write(sys.argv[2]), 'rewrite': lambda: rewrite(sys.argv[2]), 'keys': keys}[sys.argv[1]]()
