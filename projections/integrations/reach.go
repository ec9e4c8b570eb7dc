package integrations

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
)

// areas are the entries' areas and the action that reads each: an entry
// of a matter is read with matter.view, a task's with task.manage, and so
// on, as the API's routes for them ask.
var areas = []struct {
	area   string
	action access.Action
}{
	{"contact", access.ContactView}, {"matter", access.MatterView}, {"party", access.MatterView},
	{"deadline", access.DeadlineManage}, {"task", access.TaskManage}, {"communication", access.CommunicationLog},
}

// ActionOf is the action that reads an entry of kind: what a webhook's
// delivery of it is recorded as in the access log.
func ActionOf(kind string) access.Action {
	area, _, _ := strings.Cut(kind, ".")
	for _, a := range areas {
		if a.area == area {
			return a.action
		}
	}
	return access.ContactView
}

// ReaderFor is the feed as a member reads it: the viewer's matters, the
// walls before them (walled: the contacts walled off, with the survivors
// of contacts merged away), the areas their roles open (can) and
// restriction, which only who keeps the GDPR registers reads past. The
// API's feed and the webhooks read through it alike.
func ReaderFor(viewer access.Viewer, walls []access.Target, walled []string, can func(access.Action) bool) Reader {
	matters, _ := access.WalledIDs(walls)
	r := Reader{StaffID: viewer.StaffID, Teams: viewer.Teams, WalledMatters: matters, WalledContacts: walled,
		Restricted: can(access.GDPRManage)}
	for _, a := range areas {
		if can(a.action) {
			r.Areas = append(r.Areas, a.area)
		}
	}
	return r
}

// Reached is how far every reader has been served: the feed's last entry
// or the Horizon, whichever is earlier. A webhook whose reader was given
// fewer entries than it asked for has seen everything up to here.
func Reached(ctx context.Context, db DB) (Position, error) {
	var p Position
	err := db.QueryRow(ctx, `SELECT commit, prepare FROM (
		(SELECT commit, prepare FROM integration_feed_v1 ORDER BY commit DESC, prepare DESC LIMIT 1)
		UNION ALL (SELECT commit, prepare FROM projector_checkpoints WHERE name = ANY($1::text[]) ORDER BY commit, prepare LIMIT 1)
	) r ORDER BY commit, prepare LIMIT 1`, Horizon).Scan(&p.Commit, &p.Prepare)
	if errors.Is(err, pgx.ErrNoRows) {
		return Position{}, nil
	}
	if err != nil {
		return Position{}, fmt.Errorf("integrations: how far the feed reaches: %w", err)
	}
	return p, nil
}

// ErrWebhookURL is a webhook address that is refused: not https (outside
// development), not absolute, carrying a user name or password, or
// pointing at a private, loopback or link-local address (SSRF).
var ErrWebhookURL = errors.New("refused webhook address")

// CheckURL accepts a webhook's address: https with a host, no
// credentials; with allowPrivate (development, tests) http and private
// and loopback addresses too. A host name is checked again at every
// connection (PrivateAddress in the sender's dialer), since DNS can
// answer differently later.
func CheckURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" || len(raw) > 2000 {
		return ErrWebhookURL
	}
	if u.Scheme != "https" && !(allowPrivate && u.Scheme == "http") {
		return ErrWebhookURL
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return ErrWebhookURL
	}
	if ip := net.ParseIP(host); ip != nil && PrivateAddress(ip) {
		return ErrWebhookURL
	}
	return nil
}

// PrivateAddress reports whether ip is one a webhook may not reach
// outside development: loopback, private (RFC 1918, unique local),
// link-local (cloud metadata lives there), unspecified, multicast, the
// carrier-grade NAT range and the ranges reserved for the IETF,
// benchmarks and the future (broadcast among them). An IPv4 address
// written as IPv6 — mapped, through NAT64 (64:ff9b::/96) or 6to4
// (2002::/16) — is judged as the IPv4 address it reaches; the local NAT64
// prefix and Teredo, whose IPv4 cannot be judged, are refused.
func PrivateAddress(ip net.IP) bool {
	addr, ok := netip.AddrFromSlice(ip)
	if !ok {
		return true
	}
	addr = addr.Unmap()
	if addr.Is6() {
		b := addr.As16()
		switch {
		case nat64.Contains(addr):
			addr = netip.AddrFrom4([4]byte(b[12:16]))
		case sixToFour.Contains(addr):
			addr = netip.AddrFrom4([4]byte(b[2:6]))
		case nat64Local.Contains(addr) || teredo.Contains(addr):
			return true
		}
	}
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsUnspecified() || addr.IsMulticast() || addr.IsInterfaceLocalMulticast() {
		return true
	}
	for _, p := range refusedV4 {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour  = netip.MustParsePrefix("2002::/16")
	teredo     = netip.MustParsePrefix("2001::/32")
	// refusedV4: "this network", carrier-grade NAT, IETF protocol
	// assignments, benchmarking, reserved (with broadcast).
	refusedV4 = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"),
		netip.MustParsePrefix("192.0.0.0/24"), netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("240.0.0.0/4")}
)
