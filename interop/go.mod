module github.com/ssooidc-go/ssooidc/interop

go 1.26.8

replace github.com/ssooidc-go/ssooidc => ../

require (
	github.com/aws/aws-sdk-go-v2 v1.48.0
	github.com/aws/aws-sdk-go-v2/service/ssooidc v1.44.5
	github.com/aws/smithy-go v1.28.9
	github.com/ssooidc-go/ssooidc v0.0.0-00010101000000-000000000000
)

require (
	github.com/aws/aws-sdk-go-v2/internal/configsources v1.5.12 // indirect
	github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.8.12 // indirect
)
