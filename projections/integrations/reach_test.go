package integrations_test

import (
	"net"
	"testing"

	"github.com/klient-crm/klient/projections/integrations"
)

// TestPrivateAddressSeesThroughTranslation: a webhook may not reach a
// private, loopback or link-local IPv4 address written as IPv6 (mapped,
// NAT64, 6to4), nor the ranges reserved for benchmarks, the IETF and the
// future; the public internet stays reachable, through NAT64 too.
func TestPrivateAddressSeesThroughTranslation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ip      string
		private bool
	}{
		{"8.8.8.8", false}, {"2606:4700::1111", false}, {"64:ff9b::808:808", false}, {"2002:808:808::1", false},
		{"10.0.0.1", true}, {"127.0.0.1", true}, {"169.254.169.254", true}, {"100.64.0.1", true}, {"::1", true},
		{"fd00::1", true}, {"fe80::1", true}, {"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true},
		{"64:ff9b::a00:1", true}, {"64:ff9b::a9fe:a9fe", true}, {"64:ff9b::7f00:1", true}, {"64:ff9b:1::a00:1", true},
		{"2002:a00:1::1", true}, {"2002:a9fe:a9fe::1", true}, {"2001:0:4136:e378:8000:63bf:3fff:fdd2", true},
		{"192.0.0.8", true}, {"198.18.0.1", true}, {"240.0.0.1", true}, {"255.255.255.255", true}, {"0.1.2.3", true},
	} {
		if got := integrations.PrivateAddress(net.ParseIP(tc.ip)); got != tc.private {
			t.Errorf("PrivateAddress(%s) = %v, want %v", tc.ip, got, tc.private)
		}
	}
}
