module github.com/mailgun-infra/conformance

go 1.24.0

require github.com/mailgun/mailgun-go/v5 v5.17.0

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/oapi-codegen/runtime v1.4.2 // indirect
)
