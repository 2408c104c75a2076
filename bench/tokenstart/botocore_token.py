"""Prints the cached SSO token of AWS_PROFILE through botocore's
SSOTokenProvider (which refreshes within 15 minutes of expiry): what the
AWS CLI and boto3 do. The token cold-start benchmark runs it."""
import botocore.session
from botocore.tokens import SSOTokenProvider

session = botocore.session.Session()
print(SSOTokenProvider(session).load_token().get_frozen_token().token)
