package http_test

import (
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	klienthttp "github.com/klient-crm/klient/http"
)

// TestOpenAPIIsAValidDocument lints openapi.json against the OpenAPI 3.1
// specification's own schema with an independent implementation
// (pb33f/libopenapi-validator): zero errors.
func TestOpenAPIIsAValidDocument(t *testing.T) {
	t.Parallel()
	doc, err := libopenapi.NewDocument(klienthttp.OpenAPIDocument)
	if err != nil {
		t.Fatalf("openapi.json does not parse as an OpenAPI document: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("openapi.json does not build: %v", errs)
	}
	if ok, problems := v.ValidateDocument(); !ok {
		for _, p := range problems {
			t.Errorf("%s", p.Error())
			for _, e := range p.SchemaValidationErrors {
				t.Errorf("  at %s: %s", e.FieldPath, e.Reason)
			}
		}
	}
}

// TestOpenAPIDeclaresOperationsAndSecurity: every operation has its own
// operationId; the document declares how a caller authenticates (an API
// token as a bearer token, or the session cookie); and exactly the
// router's public routes need neither (security: []).
func TestOpenAPIDeclaresOperationsAndSecurity(t *testing.T) {
	t.Parallel()
	srv, _, _ := frameworkServer(t)
	doc := openAPI(t)
	schemes, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	bearer, _ := schemes["bearerToken"].(map[string]any)
	cookie, _ := schemes["sessionCookie"].(map[string]any)
	if bearer["type"] != "http" || bearer["scheme"] != "bearer" || cookie["type"] != "apiKey" || cookie["in"] != "cookie" {
		t.Errorf("securitySchemes: %v", schemes)
	}
	if servers, _ := doc["servers"].([]any); len(servers) == 0 {
		t.Error("the document names no server")
	}
	ids := map[string]string{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, raw := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			op, key := raw.(map[string]any), strings.ToUpper(method)+" "+path
			id, _ := op["operationId"].(string)
			if other, taken := ids[id]; id == "" || taken {
				t.Errorf("%s: operationId %q (also %s)", key, id, other)
			}
			ids[id] = key
			security, declared := op["security"].([]any)
			public := declared && len(security) == 0
			if public != srv.PublicRoutes()[key] {
				t.Errorf("%s: public in the document %v, in the router %v", key, public, srv.PublicRoutes()[key])
			}
		}
	}
}
