package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

// TestClientAddress: the peer's address unless a proxy header is named;
// then the address the proxy added last, never one the client wrote first.
func TestClientAddress(t *testing.T) {
	t.Parallel()
	s := handlersWith(t, "")
	req := httptest.NewRequest(http.MethodPost, "/login", nil)
	req.RemoteAddr = "10.0.0.5:41000"
	req.Header.Add("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
	if got := s.clientAddr(req).String(); got != "10.0.0.5" {
		t.Errorf("without a proxy header: %s, want the peer", got)
	}
	s = handlersWith(t, "X-Forwarded-For")
	if got := s.clientAddr(req).String(); got != "198.51.100.7" {
		t.Errorf("behind a proxy: %s, want the address it added", got)
	}
	req.Header.Set("X-Forwarded-For", "not an address")
	if got := s.clientAddr(req).String(); got != "10.0.0.5" {
		t.Errorf("a garbled header: %s, want the peer", got)
	}
}

// handlersWith are this context's handlers over a kit that reads the
// client's address from header ("" for the peer's).
func handlersWith(t *testing.T, header string) *Handlers {
	t.Helper()
	kit, err := web.New(web.Config{ClientAddressHeader: header}, web.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	return New(kit, Deps{})
}
