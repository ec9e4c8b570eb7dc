package staff_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections/staff"
)

// SubjectErased blanks a member's name and address at once and takes
// their sign-in name away; roles and teams stay, for the history.
func TestSubjectErasedBlanksTheMember(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	must(t, w.Codec.Register(gdpr.Events()...))
	w.Run()
	id := w.register("Greta Gone", "greta@byran.se", []access.Role{access.RoleLawyer}, "Tvist")
	w.caughtUp()
	ctx := context.Background()
	if n, err := staff.SubjectRows(ctx, w.Pool, id); err != nil || n != 1 {
		t.Fatalf("rows before = %d, %v", n, err)
	}
	w.Write(gdpr.SubjectStreamName(id), gdpr.SubjectErased{SubjectID: id, RequestID: newID(), ErasedAt: time.Now(), KeyTombstone: "ab"})
	w.caughtUp()
	m, err := staff.Get(ctx, w.Pool, id)
	if !domain.IsKind(err, domain.KindErased) || m.Name != "" || m.Email != "" || len(m.Roles) != 1 || len(m.Teams) != 1 {
		t.Fatalf("erased member %+v, %v", m, err)
	}
	if _, found, err := staff.ByEmail(ctx, w.Pool, "greta@byran.se"); err != nil || found {
		t.Fatalf("the erased member still signs in: %v, %v", found, err)
	}
	if n, err := staff.SubjectRows(ctx, w.Pool, id); err != nil || n != 0 {
		t.Fatalf("rows after = %d, %v", n, err)
	}
}

// A wall's reason is sealed with the key of the contact it stands before
// (issue 11, item 1): erasing the contact blanks the reason, the wall
// stands, and the residue count sees the reason until then.
func TestSubjectErasedBlanksTheReasonOfAWallBeforeThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	must(t, w.Codec.Register(gdpr.Events()...))
	w.Run()
	contact, other := newID(), newID()
	wall := w.erect(access.Target{Kind: access.TargetContact, ID: contact}, []string{newID()}, nil)
	kept := w.erect(access.Target{Kind: access.TargetContact, ID: other}, []string{newID()}, nil)
	w.caughtUp()
	ctx := context.Background()
	if n, err := staff.SubjectRows(ctx, w.Pool, contact); err != nil || n != 1 {
		t.Fatalf("rows before = %d, %v", n, err)
	}
	w.Write(gdpr.SubjectStreamName(contact), gdpr.SubjectErased{SubjectID: contact, RequestID: newID(), ErasedAt: time.Now(), KeyTombstone: "ab"})
	w.caughtUp()
	walls, err := staff.ActiveWalls(ctx, w.Pool)
	must(t, err)
	reasons := map[string]string{}
	for _, wl := range walls {
		reasons[wl.ID] = wl.Reason
	}
	if len(walls) != 2 || reasons[wall] != "" || reasons[kept] == "" {
		t.Fatalf("walls after the erasure: %+v", walls)
	}
	if n, err := staff.SubjectRows(ctx, w.Pool, contact); err != nil || n != 0 {
		t.Fatalf("rows after = %d, %v", n, err)
	}
}
