package http

import (
	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/http/web"
)

// This file opens the package's insides to its external tests (package
// http_test, which build the app through internal/webapp and so cannot
// live in this package): the server as NewServer builds it, and the
// OpenAPI document it serves.

// OpenAPIDocument is the embedded document /api/openapi.json serves.
var OpenAPIDocument = openAPIDocument

// TestServer is the server NewServer builds, opened up: its kit (the
// route table of actions and public routes, static files, problem
// details) and its router, which a test walks or adds test routes to.
type TestServer struct {
	*web.Kit
	Router chi.Router
}

// NewTestServer builds the server as NewServer does, refusing an invalid
// Config or a missing dependency.
func NewTestServer(cfg Config, deps Deps) (*TestServer, error) {
	if err := check(cfg, deps); err != nil {
		return nil, err
	}
	return NewUncheckedServer(cfg, deps)
}

// NewUncheckedServer builds the server without checking deps: the tests
// of the router, middleware, probes and OpenAPI document run it with no
// back end.
func NewUncheckedServer(cfg Config, deps Deps) (*TestServer, error) {
	s, err := newServer(cfg, deps)
	if err != nil {
		return nil, err
	}
	r, err := s.router()
	if err != nil {
		return nil, err
	}
	return &TestServer{Kit: s.Kit, Router: r}, nil
}
