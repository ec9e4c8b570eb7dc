// Package kms reaches the key management service that holds the key
// wrapping Klient's master keyset: AWS KMS, Google Cloud KMS or HashiCorp
// Vault's transit engine, each through Tink's own integration. It is apart
// from crypto so that only the binary links the three clouds' SDKs, not
// every package and test that seals a field.
//
// Credentials come the way each SDK looks for them, never from Klient's
// settings files: AWS's default chain (environment, web identity in EKS,
// instance role), Google's application default credentials (workload
// identity in GKE, GOOGLE_APPLICATION_CREDENTIALS), and for Vault a token
// (Klient's KLIENT_VAULT_TOKEN, else VAULT_TOKEN) with Vault's own VAULT_*
// settings for TLS.
package kms

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/vault/api"
	"github.com/tink-crypto/tink-go-awskms/v2/integration/awskms"
	"github.com/tink-crypto/tink-go-gcpkms/v2/integration/gcpkms"
	"github.com/tink-crypto/tink-go-hcvault/v2/integration/hcvault"
	"github.com/tink-crypto/tink-go/v2/core/registry"
)

// Schemes are the KMS key URIs this build reaches, as Tink spells them:
//
//	aws-kms://arn:aws:kms:eu-north-1:111122223333:key/1234abcd-…
//	gcp-kms://projects/P/locations/europe-north1/keyRings/R/cryptoKeys/K
//	hcvault://vault.example.se:8200/transit/keys/klient-master
var Schemes = []string{"aws-kms://", "gcp-kms://", "hcvault://"}

// Client is the KMS client for uri's key. It contacts nothing yet: the
// first Encrypt or Decrypt does. Errors name the scheme only, never the
// key (an account and key ID have no business in logs).
func Client(ctx context.Context, uri, vaultToken string) (registry.KMSClient, error) {
	switch {
	case strings.HasPrefix(uri, "aws-kms://"):
		c, err := awskms.NewClientWithOptions(uri)
		if err != nil {
			return nil, errors.New("kms: aws-kms:// key URI: want aws-kms://arn:<partition>:kms:<region>:<account>:key/<id>")
		}
		return c, nil
	case strings.HasPrefix(uri, "gcp-kms://"):
		if !strings.HasPrefix(uri, "gcp-kms://projects/") {
			return nil, errors.New("kms: gcp-kms:// key URI: want gcp-kms://projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>")
		}
		c, err := gcpkms.NewClientWithOptions(ctx, "gcp-kms://")
		if err != nil {
			return nil, fmt.Errorf("kms: Google Cloud KMS client: %w", err)
		}
		return c, nil
	case strings.HasPrefix(uri, "hcvault://"):
		return vault(uri, vaultToken)
	}
	scheme, _, _ := strings.Cut(uri, "://")
	return nil, fmt.Errorf("kms: %s:// is not a KMS this build reaches (supported: %s)", scheme, strings.Join(Schemes, ", "))
}

// vault talks HTTPS to the host the URI names, with Vault's own VAULT_*
// environment for TLS (VAULT_CACERT) and the token.
func vault(uri, token string) (registry.KMSClient, error) {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" || !strings.Contains(u.Path, "/keys/") {
		return nil, errors.New("kms: hcvault:// key URI: want hcvault://<host>[:port]/<transit mount>/keys/<name>")
	}
	cfg := api.DefaultConfig()
	if cfg.Error != nil {
		return nil, fmt.Errorf("kms: Vault settings: %w", cfg.Error)
	}
	cfg.Address = "https://" + u.Host
	client, err := api.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("kms: Vault client: %w", err)
	}
	if token != "" {
		client.SetToken(token)
	}
	if client.Token() == "" {
		return nil, errors.New("kms: hcvault:// needs a Vault token: set KLIENT_VAULT_TOKEN_FILE (or VAULT_TOKEN)")
	}
	return hcvault.NewClientWithAEADOptions(uri, client.Logical())
}
