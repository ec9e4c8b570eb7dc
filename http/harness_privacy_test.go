package http

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/commands"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// privacyOf builds the real Privacy dependencies over the test's store.
func privacyOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) Privacy {
	subjects, err := commands.NewSubjects(store, codec, time.Now, gdpr.DefaultPurposes)
	must(t, err)
	links, err := gdprmodel.LoadWithdrawalLinks(context.Background(), pool)
	must(t, err)
	d := Privacy{Links: links, Purposes: gdpr.DefaultPurposes, Register: PrivacyReadModel(pool)}
	var errs [8]error
	d.RecordBasis, errs[0] = commands.NewRecordLawfulBasisHandler(subjects)
	d.EndBasis, errs[1] = commands.NewEndLawfulBasisHandler(subjects)
	d.GiveConsent, errs[2] = commands.NewGiveConsentHandler(subjects)
	d.WithdrawConsent, errs[3] = commands.NewWithdrawConsentHandler(subjects)
	d.WithdrawByLink, errs[4] = commands.NewWithdrawConsentByLinkHandler(subjects, links)
	d.Object, errs[5] = commands.NewRecordObjectionHandler(subjects)
	d.Restrict, errs[6] = commands.NewApplyRestrictionHandler(subjects)
	d.Lift, errs[7] = commands.NewLiftRestrictionHandler(subjects)
	for _, err := range errs {
		must(t, err)
	}
	return d
}
