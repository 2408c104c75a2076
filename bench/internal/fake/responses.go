package fake

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/ssooidc-go/ssooidc/bench/internal/workload"
)

// response is a prebuilt answer: the status line and the fixed headers
// (ending before x-amzn-RequestId, Date and the blank line), and the body.
type response struct {
	head []byte
	body []byte
}

func newResponse(status int, errorType string, body any) response {
	b, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	h := "HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n" +
		"Content-Type: application/json\r\n" +
		"Content-Length: " + strconv.Itoa(len(b)) + "\r\n"
	if errorType != "" {
		h += "x-amzn-ErrorType: " + errorType + "\r\n"
	}
	return response{head: []byte(h), body: b}
}

// The answers. Field order follows the service's documentation examples.
var (
	respRegisterClient = newResponse(200, "", struct {
		ClientID              string `json:"clientId"`
		ClientSecret          string `json:"clientSecret"`
		ClientIDIssuedAt      int64  `json:"clientIdIssuedAt"`
		ClientSecretExpiresAt int64  `json:"clientSecretExpiresAt"`
	}{workload.ClientID, workload.ClientSecret, workload.ClientIDIssuedAt, workload.ClientSecretExpiresAt})

	respStartDeviceAuthorization = newResponse(200, "", struct {
		DeviceCode              string `json:"deviceCode"`
		UserCode                string `json:"userCode"`
		VerificationURI         string `json:"verificationUri"`
		VerificationURIComplete string `json:"verificationUriComplete"`
		ExpiresIn               int32  `json:"expiresIn"`
		Interval                int32  `json:"interval"`
	}{workload.DeviceCode, workload.UserCode, workload.VerificationURI, workload.VerificationURIComplete, workload.DeviceExpiresIn, workload.DeviceInterval})

	// The device-code grant: the service sends no ID token.
	respCreateToken = newResponse(200, "", struct {
		AccessToken  string `json:"accessToken"`
		TokenType    string `json:"tokenType"`
		ExpiresIn    int32  `json:"expiresIn"`
		RefreshToken string `json:"refreshToken"`
	}{workload.AccessToken, "Bearer", workload.TokenExpiresIn, workload.RefreshToken})

	respCreateTokenWithIAM = newResponse(200, "", struct {
		AccessToken          string   `json:"accessToken"`
		TokenType            string   `json:"tokenType"`
		ExpiresIn            int32    `json:"expiresIn"`
		RefreshToken         string   `json:"refreshToken"`
		IDToken              string   `json:"idToken"`
		IssuedTokenType      string   `json:"issuedTokenType"`
		Scope                []string `json:"scope"`
		AwsAdditionalDetails struct {
			IdentityContext string `json:"identityContext"`
		} `json:"awsAdditionalDetails"`
	}{
		AccessToken: workload.AccessToken, TokenType: "Bearer", ExpiresIn: workload.IAMTokenExpiresIn,
		RefreshToken: workload.RefreshToken, IDToken: workload.IDToken, IssuedTokenType: workload.IssuedTokenType,
		Scope: workload.IAMScopes, AwsAdditionalDetails: struct {
			IdentityContext string `json:"identityContext"`
		}{workload.IdentityContext},
	})

	respAuthorizationPending = newResponse(400, "AuthorizationPendingException", struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}{workload.PendingError, workload.PendingDescription})

	respAccessDenied = newResponse(403, "AccessDeniedException", struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}{"access_denied", "CreateTokenWithIAM must be signed with SigV4"})

	respNotFound = newResponse(404, "UnknownOperationException", struct {
		Message string `json:"message"`
	}{"no such operation"})
)
