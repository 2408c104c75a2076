package portal

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/aws/smithy-go"
	"github.com/ssooidc-go/ssooidc/internal/transport"
)

// required is a required member other than the access token.
type required struct {
	name  string
	value *string
}

// validate checks an input named context: its access token and its other
// required members are set, and the token can be sent in a header.
func validate(context string, accessToken *string, members ...required) error {
	errs := smithy.InvalidParamsError{Context: context}
	if accessToken == nil {
		errs.Add(smithy.NewErrParamRequired("AccessToken"))
	}
	for _, m := range members {
		if m.value == nil {
			errs.Add(smithy.NewErrParamRequired(m.name))
		}
	}
	if errs.Len() > 0 {
		return errs
	}
	if transport.HasControl(*accessToken) {
		return errors.New("invalid input " + context + ": AccessToken holds a control character, which an HTTP header cannot carry and no access token has")
	}
	return nil
}

// pageQuery is the query of a page of a paginated list.
func pageQuery(nextToken *string, maxResults *int32) url.Values {
	q := url.Values{}
	if nextToken != nil {
		q.Set("next_token", *nextToken)
	}
	if maxResults != nil {
		q.Set("max_result", strconv.Itoa(int(*maxResults)))
	}
	return q
}
