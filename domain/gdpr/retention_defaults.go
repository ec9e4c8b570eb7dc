package gdpr

import "fmt"

// DefaultRetentionRules is the retention schedule of a typical Swedish law
// firm, as data: the lead overrides it from the firm's own file
// (ParseRetentionRules, With). The Hold rules are the statutory holds of
// art. 17.3 b (a legal obligation) and e (legal claims) that keep records
// against an erasure request; the others are "keep at most" periods.
var DefaultRetentionRules = RetentionRules{
	{
		Category: CategoryMatterFile, Period: Period{Years: 10}, Trigger: TriggerMatterClosed, Hold: true,
		Ground: "Vägledande regler om god advokatsed (Sveriges advokatsamfund): akten bevaras i tio år efter " +
			"uppdragets avslutande (jfr preskriptionslagen (1981:130) 2 §)",
	},
	{
		Category: CategoryAccounting, Period: Period{Years: 7}, Trigger: TriggerTransactionDate,
		FromYearEnd: true, Hold: true,
		Ground: "Bokföringslagen (1999:1078) 7 kap. 2 §: räkenskapsinformation bevaras till och med det sjunde " +
			"året efter utgången av det kalenderår då räkenskapsåret avslutades",
	},
	{
		Category: CategoryAMLKYC, Period: Period{Years: 5}, Trigger: TriggerMatterClosed,
		ClientsOnly: true, Hold: true,
		Ground: "Penningtvättslagen (2017:630) 5 kap. 3 §: handlingar och uppgifter om kundkännedom bevaras " +
			"i fem år efter att affärsförbindelsen upphörde",
	},
	{
		Category: CategoryContactWithoutBasis, Period: Period{Years: 2}, Trigger: TriggerLastActivity,
		Ground: "Dataskyddsförordningen art. 5.1 c och e: kontakt utan rättslig grund gallras två år efter " +
			"senaste aktivitet (byråns riktlinje)",
	},
	{
		Category: CategoryCommunication, Period: Period{Years: 10}, Trigger: TriggerMatterClosed,
		Ground: "Ingår i akten: bevaras och gallras med ärendets akt",
	},
	{
		Category: CategoryDocument, Period: Period{Years: 10}, Trigger: TriggerMatterClosed,
		Ground: "Ingår i akten: bevaras och gallras med ärendets akt",
	},
	{
		Category: CategoryAccessLog, Period: Period{Years: 2}, Trigger: TriggerCreated,
		Ground: "Dataskyddsförordningen art. 5.2 och 32: behörighetsloggen sparas två år för uppföljning " +
			"av åtkomst (byråns riktlinje)",
	},
	{
		Category: CategorySession, Period: Period{Days: 30}, Trigger: TriggerCreated,
		Ground: "Dataskyddsförordningen art. 5.1 e: sessionsuppgifter gallras 30 dagar efter inloggningen " +
			"(byråns riktlinje)",
	},
	{
		// KLIENT_HELD_MAIL_DAYS sets the period (HeldMailRule).
		Category: CategoryHeldMail, Period: Period{Days: DefaultHeldMailDays}, Trigger: TriggerCreated,
		Ground: "Dataskyddsförordningen art. 5.1 c och e: inkommande e-post som inte kunnat arkiveras i ett ärende " +
			"förstörs när tidsgränsen för granskningskön gått ut (byråns riktlinje)",
	},
}

// DefaultHeldMailDays is how long incoming e-mail waits for filing before
// retention destroys it, unless KLIENT_HELD_MAIL_DAYS says otherwise.
const DefaultHeldMailDays = 30

// WithHeldMailDays is rs with held mail kept days days (1–365).
func (rs RetentionRules) WithHeldMailDays(days int) (RetentionRules, error) {
	if days < 1 || days > 365 {
		return nil, fmt.Errorf("gdpr: held mail is kept 1 to 365 days, not %d", days)
	}
	rule, ok := rs.Rule(CategoryHeldMail)
	if !ok {
		rule, _ = DefaultRetentionRules.Rule(CategoryHeldMail)
	}
	rule.Period = Period{Days: days}
	return rs.With(RetentionRules{rule}), nil
}
