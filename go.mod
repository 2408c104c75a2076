module github.com/ssooidc-go/ssooidc

go 1.24.0

require (
	github.com/aws/smithy-go v1.28.9
	github.com/aws/smithy-go/aws-http-auth v1.2.2
	github.com/google/go-cmp v0.7.0
	github.com/skip2/go-qrcode v0.0.0-20200617195104-da1b6568686e
	github.com/stretchr/testify v1.12.1
	golang.org/x/sys v0.41.0
	golang.org/x/term v0.40.0
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
