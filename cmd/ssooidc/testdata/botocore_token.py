"""Prints the SSO access token of the profile AWS_PROFILE as botocore gets
it: SSOTokenProvider on the profile's sso-session, which refreshes a token
that expires within 15 minutes and writes the cache file back. The endpoint
comes from AWS_ENDPOINT_URL_SSO_OIDC (the emulator)."""
import botocore.session
from botocore.tokens import SSOTokenProvider

session = botocore.session.Session()
print(SSOTokenProvider(session).load_token().get_frozen_token().token)
