package kms_test

import (
	"context"
	"strings"
	"testing"

	"github.com/klient-crm/klient/crypto/kms"
)

// TestClientForEachScheme: a well-formed key URI of each KMS gets a client
// that supports exactly that key, without contacting the KMS (nothing here
// can reach one: encrypting and decrypting are proved with Tink's fake KMS
// in crypto's tests).
func TestClientForEachScheme(t *testing.T) {
	t.Setenv("VAULT_TOKEN", "")
	for _, uri := range []string{
		"aws-kms://arn:aws:kms:eu-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"hcvault://vault.example.se:8200/transit/keys/klient-master",
	} {
		c, err := kms.Client(context.Background(), uri, "hvs.test-token")
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		if !c.Supported(uri) || c.Supported("gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k") {
			t.Errorf("%s: the client does not support its own key alone", uri)
		}
	}
}

// TestClientRefusesMalformedKeys: each mistake is refused with what a URI
// of that KMS looks like, and never echoes the key.
func TestClientRefusesMalformedKeys(t *testing.T) {
	t.Setenv("VAULT_TOKEN", "")
	cases := map[string]string{
		"azure-kv://vault/keys/x":                   "azure-kv:// is not a KMS this build reaches",
		"fake-kms://AAAA":                           "fake-kms:// is not a KMS this build reaches",
		"aws-kms://not-an-arn-secret-7":             "want aws-kms://arn:",
		"gcp-kms://keyRings/secret-7":               "want gcp-kms://projects/",
		"hcvault:///transit/keys/secret-7":          "want hcvault://<host>",
		"hcvault://vault.example.se/secret-7":       "want hcvault://<host>",
		"hcvault://vault.example.se/transit/keys/k": "needs a Vault token",
	}
	for uri, want := range cases {
		_, err := kms.Client(context.Background(), uri, "")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want an error saying %q", uri, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret-7") {
			t.Errorf("%s: the error echoes the key: %v", uri, err)
		}
	}
}
