// Package fakeoidc serves canned SSO OIDC answers on 127.0.0.1 so the
// per-operation examples run without an AWS account. It answers each
// operation with the example response of the service model.
package fakeoidc

import (
	"io"
	"net/http"
	"net/http/httptest"
)

var answers = map[string]string{
	"/client/register":      `{"clientId":"_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID","clientSecret":"VERYLONGSECRETeyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0","clientIdIssuedAt":1579725929,"clientSecretExpiresAt":1587584729}`,
	"/device_authorization": `{"deviceCode":"yJraWQiOiJrZXktMTU2Njk2ODA4OCIsImFsZyI6IkhTMzIn0EXAMPLEDEVICECODE","userCode":"MAKD-FSK8","verificationUri":"https://device.sso.us-west-2.amazonaws.com","verificationUriComplete":"https://device.sso.us-west-2.amazonaws.com?user_code=MAKD-FSK8","expiresIn":600,"interval":1}`,
	"/token":                `{"accessToken":"aoal-YigITUDiNX1xZwOMXM5MxOWDL0E0jg9P6_C_jKQPxS_SKCP6f0kh1Up4g7TtvQqkMnD-GJiU_S1gvug6SrggAkc0:MGYCMQD3IatVjV7jAJU91kK3PkS/SfA2wtgWzOgZWDOR7sDGN9t0phCZz5It/aes/3C1Zj0CMQCKWOgRaiz6AIhza3DSXQNMLjRKXC8F8ceCsHlgYLMZ7hZidEXAMPLEACCESSTOKEN","tokenType":"Bearer","expiresIn":1579729529,"refreshToken":"aorvJYubGpU6i91YnH7Mfo-AT2fIVa1zCfA_Rvq9yjVKIP3onFmmykuQ7E93y2I-9Nyj-A_sVvMufaLNL0bqnDRtgAkc0:MGUCMFrRsktMRVlWaOR70XGMFGLL0SlcCw4DiYveIiOVx1uK9BbD0gvAddsW3UTLozXKMgIxAJ3qxUvjpnlLIOaaKOoa/FuNgqJVvr9GMwDtnAtlh9iZzAkEXAMPLEREFRESHTOKEN","idToken":"eJlbWFpbCI6Im15LmVtYWlsQGV4YW1wbGUuY29tIiwiZXhwIjoxNzUwNzUwMzY2LCJqdGkiOiJFWEFNUExFIiwiaWF0IjoxNzUwNzE0MzY2fQEXAMPLEIDTOKEN"}`,
}

// Start serves the canned answers until Close is called on the result.
func Start() *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		body, ok := answers[r.URL.Path]
		if !ok || r.Method != http.MethodPost {
			w.Header().Set("X-Amzn-Errortype", "InvalidRequestException")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_request","error_description":"unknown operation"}`)
			return
		}
		if r.URL.Query().Get("aws_iam") == "t" && r.Header.Get("Authorization") == "" {
			w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"access_denied","error_description":"CreateTokenWithIAM must be signed"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Requestid", "example-request-id")
		io.WriteString(w, body)
	}))
	return srv
}
