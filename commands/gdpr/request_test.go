package gdpr_test

import (
	"context"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// receive registers a request of kind for subject and returns its result.
func receive(t *testing.T, g *gdprWorld, subject string, kind gdpr.RequestKind) gdprcmd.RequestResult {
	t.Helper()
	h, err := gdprcmd.NewReceiveRequestHandler(g.requests)
	must(t, err)
	res, err := h.Handle(context.Background(), gdprcmd.ReceiveRequest{Actor: staff, SubjectID: subject, Kind: kind,
		Channel: gdpr.ChannelEmail, RequesterNote: "Vill se allt ni har om min skilsmässa"})
	must(t, err)
	return res
}

// verify checks the requester's identity of request res.
func verify(t *testing.T, g *gdprWorld, res gdprcmd.RequestResult) gdprcmd.RequestResult {
	t.Helper()
	h, err := gdprcmd.NewVerifyRequestIdentityHandler(g.requests)
	must(t, err)
	res, err = h.Handle(context.Background(), gdprcmd.VerifyRequestIdentity{Actor: staff, RequestID: res.RequestID,
		ExpectedVersion: res.Version, How: "Pass nr 12345678 uppvisat"})
	must(t, err)
	return res
}

func TestRequestLifecycle(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	res := verify(t, g, receive(t, g, g.person(t), gdpr.KindAccess))
	assign, err := gdprcmd.NewAssignRequestHandler(g.requests)
	must(t, err)
	res, err = assign.Handle(ctx, gdprcmd.AssignRequest{Actor: staff, RequestID: res.RequestID, ExpectedVersion: res.Version, Handler: "staff-dpo"})
	must(t, err)
	extend, err := gdprcmd.NewExtendRequestDeadlineHandler(g.requests)
	must(t, err)
	ext := gdprcmd.ExtendRequestDeadline{Actor: staff, RequestID: res.RequestID, ExpectedVersion: res.Version,
		NewDeadline: work.NewDate(2026, time.June, 15), Reason: "Akten omfattar tolv pärmar"}
	res, err = extend.Handle(ctx, ext)
	must(t, err)

	// A second extension is refused and writes nothing.
	ext.ExpectedVersion, ext.NewDeadline = res.Version, work.NewDate(2026, time.June, 10)
	_, err = extend.Handle(ctx, ext)
	refusedWith(t, err, domain.KindConflict, "gdpr.request.already_extended")
	stream := gdpr.RequestStreamName(res.RequestID)
	if got := g.typesOf(t, stream); len(got) != 4 {
		t.Fatalf("stream after a refused extension: %v", got)
	}

	complete, err := gdprcmd.NewCompleteRequestHandler(g.requests)
	must(t, err)
	_, err = complete.Handle(ctx, gdprcmd.CompleteRequest{Actor: staff, RequestID: res.RequestID, ExpectedVersion: res.Version,
		Outcome: "Registerutdrag skickat med rekommenderat brev"})
	must(t, err)
	g.noPlaintext(t, stream, "skilsmässa", "12345678", "tolv pärmar", "rekommenderat")
	ds := g.decoded(t, stream)
	if r := ds[0].Event.(gdpr.DataSubjectRequestReceived); !r.ReceivedAt.Equal(today) || r.RequesterNote == "" {
		t.Fatalf("received %+v", r)
	}
}

func TestRequestRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	subject := g.person(t)
	receiveH, err := gdprcmd.NewReceiveRequestHandler(g.requests)
	must(t, err)
	_, err = receiveH.Handle(ctx, gdprcmd.ReceiveRequest{Actor: staff, RequestID: "0190f5a2-0000-7000-8000-0000000000aa",
		SubjectID: subject, Kind: gdpr.KindAccess, Channel: "pigeon"})
	refusedWith(t, err, domain.KindInvalid, "gdpr.request.channel")
	if got := g.typesOf(t, gdpr.RequestStreamName("0190f5a2-0000-7000-8000-0000000000aa")); len(got) != 0 {
		t.Fatalf("a refused receipt wrote %v", got)
	}

	res := receive(t, g, subject, gdpr.KindPortability)
	complete, err := gdprcmd.NewCompleteRequestHandler(g.requests)
	must(t, err)
	_, err = complete.Handle(ctx, gdprcmd.CompleteRequest{Actor: staff, RequestID: res.RequestID, ExpectedVersion: res.Version})
	refusedWith(t, err, domain.KindConflict, "gdpr.request.unverified")
	_, err = complete.Handle(ctx, gdprcmd.CompleteRequest{Actor: staff, RequestID: res.RequestID, ExpectedVersion: res.Version + 3})
	refusedWith(t, err, domain.KindConflict, "gdpr.request.unverified") // the aggregate's refusal comes before the stale view

	// The deadline has passed: too late to extend.
	g.clock = today.AddDate(0, 1, 1)
	extend, err := gdprcmd.NewExtendRequestDeadlineHandler(g.requests)
	must(t, err)
	_, err = extend.Handle(ctx, gdprcmd.ExtendRequestDeadline{Actor: staff, RequestID: res.RequestID, ExpectedVersion: res.Version,
		NewDeadline: work.NewDate(2026, time.June, 1), Reason: "Sent"})
	refusedWith(t, err, domain.KindConflict, "gdpr.request.extension_late")
	if got := g.typesOf(t, gdpr.RequestStreamName(res.RequestID)); len(got) != 1 {
		t.Fatalf("refusals wrote %v", got)
	}
}
