// Package floor is the benchmarks' floor: the four SSO OIDC calls written
// by hand with net/http and encoding/json, the way a careful programmer
// would without an SDK, and CreateTokenWithIAM signed with
// github.com/aws/smithy-go/aws-http-auth/sigv4 (its default header rules:
// host and x-amz-*). No retries, no User-Agent, no invocation ID: what is
// left is the least a correct call costs.
package floor

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/aws/smithy-go/aws-http-auth/sigv4"
)

// Client calls the service at Endpoint (a base URL) through HTTP.
type Client struct {
	HTTP     *http.Client
	Endpoint string
	Region   string
	Creds    credentials.Credentials

	signer *sigv4.Signer
}

// New returns a client.
func New(hc *http.Client, endpoint, region string, creds credentials.Credentials) *Client {
	return &Client{HTTP: hc, Endpoint: endpoint, Region: region, Creds: creds, signer: sigv4.New()}
}

// The wire shapes of the members the benchmarks use.
type (
	RegisterClientInput struct {
		ClientName string   `json:"clientName"`
		ClientType string   `json:"clientType"`
		Scopes     []string `json:"scopes,omitempty"`
	}
	RegisterClientOutput struct {
		ClientID              string `json:"clientId"`
		ClientSecret          string `json:"clientSecret"`
		ClientIDIssuedAt      int64  `json:"clientIdIssuedAt"`
		ClientSecretExpiresAt int64  `json:"clientSecretExpiresAt"`
		AuthorizationEndpoint string `json:"authorizationEndpoint"`
		TokenEndpoint         string `json:"tokenEndpoint"`
	}
	StartDeviceAuthorizationInput struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
		StartURL     string `json:"startUrl"`
	}
	StartDeviceAuthorizationOutput struct {
		DeviceCode              string `json:"deviceCode"`
		UserCode                string `json:"userCode"`
		VerificationURI         string `json:"verificationUri"`
		VerificationURIComplete string `json:"verificationUriComplete"`
		ExpiresIn               int32  `json:"expiresIn"`
		Interval                int32  `json:"interval"`
	}
	CreateTokenInput struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
		GrantType    string `json:"grantType"`
		DeviceCode   string `json:"deviceCode,omitempty"`
		Code         string `json:"code,omitempty"`
		RefreshToken string `json:"refreshToken,omitempty"`
	}
	CreateTokenOutput struct {
		AccessToken  string `json:"accessToken"`
		TokenType    string `json:"tokenType"`
		ExpiresIn    int32  `json:"expiresIn"`
		RefreshToken string `json:"refreshToken"`
		IDToken      string `json:"idToken"`
	}
	CreateTokenWithIAMInput struct {
		ClientID     string `json:"clientId"`
		GrantType    string `json:"grantType"`
		Assertion    string `json:"assertion,omitempty"`
		RefreshToken string `json:"refreshToken,omitempty"`
	}
	CreateTokenWithIAMOutput struct {
		AccessToken          string   `json:"accessToken"`
		TokenType            string   `json:"tokenType"`
		ExpiresIn            int32    `json:"expiresIn"`
		RefreshToken         string   `json:"refreshToken"`
		IDToken              string   `json:"idToken"`
		IssuedTokenType      string   `json:"issuedTokenType"`
		Scope                []string `json:"scope"`
		AwsAdditionalDetails *struct {
			IdentityContext string `json:"identityContext"`
		} `json:"awsAdditionalDetails"`
	}
)

// APIError is an error response of the service.
type APIError struct {
	StatusCode  int
	Code        string // x-amzn-errortype
	OAuthError  string `json:"error"`
	Description string `json:"error_description"`
	Message     string `json:"message"`
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Description
	}
	return fmt.Sprintf("sso oidc: HTTP %d %s: %s", e.StatusCode, e.Code, msg)
}

// RegisterClient calls RegisterClient.
func (c *Client) RegisterClient(ctx context.Context, in *RegisterClientInput) (*RegisterClientOutput, error) {
	out := new(RegisterClientOutput)
	return out, c.do(ctx, "/client/register", false, in, out)
}

// StartDeviceAuthorization calls StartDeviceAuthorization.
func (c *Client) StartDeviceAuthorization(ctx context.Context, in *StartDeviceAuthorizationInput) (*StartDeviceAuthorizationOutput, error) {
	out := new(StartDeviceAuthorizationOutput)
	return out, c.do(ctx, "/device_authorization", false, in, out)
}

// CreateToken calls CreateToken.
func (c *Client) CreateToken(ctx context.Context, in *CreateTokenInput) (*CreateTokenOutput, error) {
	out := new(CreateTokenOutput)
	return out, c.do(ctx, "/token", false, in, out)
}

// CreateTokenWithIAM calls CreateTokenWithIAM, signed with SigV4.
func (c *Client) CreateTokenWithIAM(ctx context.Context, in *CreateTokenWithIAMInput) (*CreateTokenWithIAMOutput, error) {
	out := new(CreateTokenWithIAMOutput)
	return out, c.do(ctx, "/token?aws_iam=t", true, in, out)
}

func (c *Client) do(ctx context.Context, path string, signed bool, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Endpoint+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if signed {
		hash := sha256.Sum256(body)
		if err := c.signer.SignRequest(&sigv4.SignRequestInput{
			Request:     req,
			PayloadHash: hash[:],
			Credentials: c.Creds,
			Service:     "sso-oauth",
			Region:      c.Region,
			Time:        time.Now(),
		}); err != nil {
			return err
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := &APIError{StatusCode: resp.StatusCode, Code: resp.Header.Get("X-Amzn-Errortype")}
		if err := json.NewDecoder(resp.Body).Decode(e); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("sso oidc: HTTP %d: decode error body: %w", resp.StatusCode, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body) // read to EOF: keeps the connection
		return e
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("sso oidc: decode response: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body) // read to EOF: keeps the connection
	return nil
}
