// Package endpoints resolves the AWS SSO OIDC (IAM Identity Center OIDC)
// service endpoint.
//
// Resolve is a hand translation of the smithy.rules#endpointRuleSet trait on
// com.amazonaws.ssooidc#AWSSSOOIDCService in the service model. Each rule is
// an if statement, in the order the rule set lists them, and carries a
// comment naming the rule it implements (1-based path through the rule tree,
// e.g. "rule 2.1.2.1" is the first rule inside the second rule inside ...).
// The aws.partition function is backed by an embedded copy of the AWS
// partitions data.
package endpoints

import "errors"

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

// errRulesExhausted reports a tree rule whose conditions held but none of
// whose inner rules matched. The rules engine does not fall through to the
// next sibling in that case. With the current rule set and partitions data
// it cannot happen, because aws.partition always yields a partition.
var errRulesExhausted = errors.New("endpoints: endpoint rule set exhausted without a result")

// newError wraps a rule set error string so callers can errors.As it.
func newError(msg string) error { return &Error{Message: msg} }

// isSet is the rules-engine isSet function: a parameter is set when it has a
// value. Params uses the empty string for "no value".
func isSet(v string) bool { return v != "" }

// booleanEquals is the rules-engine booleanEquals function.
func booleanEquals(a, b bool) bool { return a == b }

// stringEquals is the rules-engine stringEquals function (exact,
// case-sensitive comparison).
func stringEquals(a, b string) bool { return a == b }

// Resolve evaluates the SSO OIDC endpoint rule set for p. It returns the
// endpoint URL exactly as the rule set builds it, or an *Error carrying the
// rule set's error message.
//
// It is safe for concurrent use. A call for a known region allocates only the
// returned URL string.
func Resolve(p Params) (string, error) {
	// Rule 1 (tree): isSet(Endpoint).
	if isSet(p.Endpoint) {
		// Rule 1.1 (error): booleanEquals(UseFIPS, true).
		if booleanEquals(p.UseFIPS, true) {
			return "", newError(msgFIPSCustomEndpoint)
		}
		// Rule 1.2 (error): booleanEquals(UseDualStack, true).
		if booleanEquals(p.UseDualStack, true) {
			return "", newError(msgDualStackCustomEndpoint)
		}
		// Rule 1.3 (endpoint): url {Endpoint}, used as given.
		return p.Endpoint, nil
	}

	// Rule 2 (tree): isSet(Region).
	if isSet(p.Region) {
		// Rule 2.1 (tree): PartitionResult = aws.partition(Region).
		partitionResult, err := awsPartition(p.Region)
		if err != nil {
			return "", err
		}
		if partitionResult != nil {
			// Rule 2.1.1 (tree): booleanEquals(UseFIPS, true) and
			// booleanEquals(UseDualStack, true).
			if booleanEquals(p.UseFIPS, true) && booleanEquals(p.UseDualStack, true) {
				// Rule 2.1.1.1 (tree): booleanEquals(true, getAttr(PartitionResult, "supportsFIPS"))
				// and booleanEquals(true, getAttr(PartitionResult, "supportsDualStack")).
				if booleanEquals(true, partitionResult.SupportsFIPS) &&
					booleanEquals(true, partitionResult.SupportsDualStack) {
					// Rule 2.1.1.1.1 (endpoint):
					// https://oidc-fips.{Region}.{PartitionResult#dualStackDnsSuffix}
					return "https://oidc-fips." + p.Region + "." + partitionResult.DualStackDNSSuffix, nil
				}
				// Rule 2.1.1.2 (error).
				return "", newError(msgFIPSAndDualStack)
			}

			// Rule 2.1.2 (tree): booleanEquals(UseFIPS, true).
			if booleanEquals(p.UseFIPS, true) {
				// Rule 2.1.2.1 (tree): booleanEquals(getAttr(PartitionResult, "supportsFIPS"), true).
				if booleanEquals(partitionResult.SupportsFIPS, true) {
					// Rule 2.1.2.1.1 (endpoint): stringEquals(getAttr(PartitionResult, "name"), "aws-us-gov")
					// -> https://oidc.{Region}.amazonaws.com (the rule set sends
					// GovCloud FIPS requests to the regular, non "-fips" host).
					if stringEquals(partitionResult.Name, "aws-us-gov") {
						return "https://oidc." + p.Region + ".amazonaws.com", nil
					}
					// Rule 2.1.2.1.2 (endpoint):
					// https://oidc-fips.{Region}.{PartitionResult#dnsSuffix}
					return "https://oidc-fips." + p.Region + "." + partitionResult.DNSSuffix, nil
				}
				// Rule 2.1.2.2 (error).
				return "", newError(msgFIPSUnsupported)
			}

			// Rule 2.1.3 (tree): booleanEquals(UseDualStack, true).
			if booleanEquals(p.UseDualStack, true) {
				// Rule 2.1.3.1 (tree): booleanEquals(true, getAttr(PartitionResult, "supportsDualStack")).
				if booleanEquals(true, partitionResult.SupportsDualStack) {
					// Rule 2.1.3.1.1 (endpoint):
					// https://oidc.{Region}.{PartitionResult#dualStackDnsSuffix}
					return "https://oidc." + p.Region + "." + partitionResult.DualStackDNSSuffix, nil
				}
				// Rule 2.1.3.2 (error).
				return "", newError(msgDualStackUnsupported)
			}

			// Rule 2.1.4 (endpoint): https://oidc.{Region}.{PartitionResult#dnsSuffix}
			return "https://oidc." + p.Region + "." + partitionResult.DNSSuffix, nil
		}
		// Rule 2's conditions held, so the engine must not fall through to
		// rule 3.
		return "", errRulesExhausted
	}

	// Rule 3 (error): no conditions.
	return "", newError(msgMissingRegion)
}
