// Package endpoints resolves the endpoints of the AWS SSO OIDC (IAM Identity
// Center OIDC) service and of the IAM Identity Center portal.
//
// Resolve is a hand translation of the smithy.rules#endpointRuleSet trait on
// com.amazonaws.ssooidc#AWSSSOOIDCService in the service model. The portal's
// rule set (com.amazonaws.sso#SWBPortalService) is the same rules with the
// host "portal.sso" in place of "oidc", which a test checks, so one
// translation serves both. Each rule is an if statement, in the order the
// rule set lists them, and carries a comment naming the rule it implements
// (1-based path through the rule tree, e.g. "rule 2.1.2.1" is the first rule
// inside the second rule inside ...). The aws.partition function is backed
// by an embedded copy of the AWS partitions data.
package endpoints

// RuleSet is the endpoint rule set of one service.
type RuleSet struct {
	host string // the first label of the host name; FIPS hosts add "-fips"
}

// The services' rule sets.
var (
	// OIDC is the rule set of SSO OIDC: https://oidc.{Region}.amazonaws.com.
	OIDC = RuleSet{host: "oidc"}
	// Portal is the rule set of the IAM Identity Center portal:
	// https://portal.sso.{Region}.amazonaws.com.
	Portal = RuleSet{host: "portal.sso"}
)

// Params are the endpoint rule set's parameters.
type Params struct {
	// Region is the AWS region used to dispatch the request (AWS::Region).
	// The empty string means not set.
	Region string
	// UseFIPS selects the FIPS-compliant regional endpoint (AWS::UseFIPS).
	UseFIPS bool
	// UseDualStack selects the dual-stack endpoint (AWS::UseDualStack).
	UseDualStack bool
	// Endpoint overrides the resolved endpoint (SDK::Endpoint). The empty
	// string means not set.
	Endpoint string
}

// Error is returned by Resolve when the rule set ends in an error rule.
// Its message is exactly the rule set's error string.
type Error struct {
	// Message is the error string from the rule set.
	Message string
}

// Error returns the rule set's error string unchanged.
func (e *Error) Error() string { return e.Message }

// The rule set's error strings, verbatim.
const (
	msgFIPSCustomEndpoint      = "Invalid Configuration: FIPS and custom endpoint are not supported"
	msgDualStackCustomEndpoint = "Invalid Configuration: Dualstack and custom endpoint are not supported"
	msgFIPSAndDualStack        = "FIPS and DualStack are enabled, but this partition does not support one or both"
	msgFIPSUnsupported         = "FIPS is enabled but this partition does not support FIPS"
	msgDualStackUnsupported    = "DualStack is enabled but this partition does not support DualStack"
	msgMissingRegion           = "Invalid Configuration: Missing Region"
)

// Resolve evaluates the rule set for p. It returns the
// endpoint URL exactly as the rule set builds it, or an *Error carrying the
// rule set's error message.
//
// It is safe for concurrent use. A call for a known region allocates only the
// returned URL string.
func (r RuleSet) Resolve(p Params) (string, error) {
	// Rule 1 (tree): isSet(Endpoint).
	if p.Endpoint != "" {
		// Rule 1.1 (error): booleanEquals(UseFIPS, true).
		if p.UseFIPS {
			return "", &Error{msgFIPSCustomEndpoint}
		}
		// Rule 1.2 (error): booleanEquals(UseDualStack, true).
		if p.UseDualStack {
			return "", &Error{msgDualStackCustomEndpoint}
		}
		// Rule 1.3 (endpoint): url {Endpoint}, used as given.
		return p.Endpoint, nil
	}

	// Rule 2 (tree): isSet(Region).
	if p.Region != "" {
		// Rule 2.1 (tree): PartitionResult = aws.partition(Region), which always
		// yields a partition, so the tree never runs out of rules.
		pr, err := awsPartition(p.Region)
		if err != nil {
			return "", err
		}
		// Rule 2.1.1 (tree): booleanEquals(UseFIPS, true) and
		// booleanEquals(UseDualStack, true).
		if p.UseFIPS && p.UseDualStack {
			// Rule 2.1.1.1 (tree): booleanEquals(true, getAttr(PartitionResult, "supportsFIPS"))
			// and booleanEquals(true, getAttr(PartitionResult, "supportsDualStack")).
			if pr.SupportsFIPS && pr.SupportsDualStack {
				// Rule 2.1.1.1.1 (endpoint):
				// https://{host}-fips.{Region}.{PartitionResult#dualStackDnsSuffix}
				return "https://" + r.host + "-fips." + p.Region + "." + pr.DualStackDNSSuffix, nil
			}
			// Rule 2.1.1.2 (error).
			return "", &Error{msgFIPSAndDualStack}
		}

		// Rule 2.1.2 (tree): booleanEquals(UseFIPS, true).
		if p.UseFIPS {
			// Rule 2.1.2.1 (tree): booleanEquals(getAttr(PartitionResult, "supportsFIPS"), true).
			if pr.SupportsFIPS {
				// Rule 2.1.2.1.1 (endpoint): stringEquals(getAttr(PartitionResult, "name"), "aws-us-gov")
				// -> https://{host}.{Region}.amazonaws.com (the rule set sends
				// GovCloud FIPS requests to the regular, non "-fips" host).
				if pr.Name == "aws-us-gov" {
					return "https://" + r.host + "." + p.Region + ".amazonaws.com", nil
				}
				// Rule 2.1.2.1.2 (endpoint):
				// https://{host}-fips.{Region}.{PartitionResult#dnsSuffix}
				return "https://" + r.host + "-fips." + p.Region + "." + pr.DNSSuffix, nil
			}
			// Rule 2.1.2.2 (error).
			return "", &Error{msgFIPSUnsupported}
		}

		// Rule 2.1.3 (tree): booleanEquals(UseDualStack, true).
		if p.UseDualStack {
			// Rule 2.1.3.1 (tree): booleanEquals(true, getAttr(PartitionResult, "supportsDualStack")).
			if pr.SupportsDualStack {
				// Rule 2.1.3.1.1 (endpoint):
				// https://{host}.{Region}.{PartitionResult#dualStackDnsSuffix}
				return "https://" + r.host + "." + p.Region + "." + pr.DualStackDNSSuffix, nil
			}
			// Rule 2.1.3.2 (error).
			return "", &Error{msgDualStackUnsupported}
		}

		// Rule 2.1.4 (endpoint): https://{host}.{Region}.{PartitionResult#dnsSuffix}
		return "https://" + r.host + "." + p.Region + "." + pr.DNSSuffix, nil
	}

	// Rule 3 (error): no conditions.
	return "", &Error{msgMissingRegion}
}

// ValidRegion reports whether r can be a Region: what can be a DNS label,
// since Resolve puts it in the endpoint's host name unchecked, as the rule
// set does. "evil.com#" or "us-east-1@evil.com" would otherwise send the
// request to another host.
func ValidRegion(r string) bool {
	if r == "" || len(r) > 63 || r[0] == '-' || r[len(r)-1] == '-' {
		return false
	}
	for i := 0; i < len(r); i++ {
		c := r[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
