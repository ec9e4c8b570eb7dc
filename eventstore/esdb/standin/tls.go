package standin

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// authority is a certificate authority made for one test, and the
// certificate it issued to the stand-in's nodes: the client trusts the CA
// through the connection string's tlsCAFile, as it would a firm's own CA.
type authority struct {
	caFile string // PEM of the CA certificate, in the test's temporary directory
	node   tls.Certificate
}

func newAuthority(t testing.TB) *authority {
	t.Helper()
	caKey, caCert, caDER := issue(t, nil, nil, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "Klient stand-in test CA"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	})
	nodeKey, _, nodeDER := issue(t, caKey, caCert, &x509.Certificate{
		Subject: pkix.Name{CommonName: "eventstoredb-node"},
		// The client dials 127.0.0.1 (and gossip may name localhost):
		// the certificate must hold both, as a real node's does its names.
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:    []string{"localhost"},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	caFile := filepath.Join(t.TempDir(), "ca.crt")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatalf("stand-in: write the test CA: %v", err)
	}
	return &authority{caFile: caFile, node: tls.Certificate{Certificate: [][]byte{nodeDER, caDER}, PrivateKey: nodeKey}}
}

// issue makes a key and a certificate from template, signed by parent (or
// by itself when parent is nil), valid for the test's day.
func issue(t testing.TB, parentKey *ecdsa.PrivateKey, parent, template *x509.Certificate) (*ecdsa.PrivateKey, *x509.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("stand-in: key: %v", err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatalf("stand-in: serial: %v", err)
	}
	template.SerialNumber = serial
	template.NotBefore = time.Now().Add(-time.Hour)
	template.NotAfter = time.Now().Add(24 * time.Hour)
	if parent == nil {
		parent, parentKey = template, key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatalf("stand-in: certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("stand-in: parse certificate: %v", err)
	}
	return key, cert, der
}

func (a *authority) serverConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{a.node}, MinVersion: tls.VersionTLS12}
}
