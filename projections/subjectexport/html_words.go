package subjectexport

// words are the Swedish names of the codes the package holds, by kind; a
// code without one is shown as it is.
var words = map[string]map[string]string{
	"role": {"client": "klient", "co_client": "medklient", "counterparty": "motpart", "opposing_counsel": "motpartens ombud",
		"court": "domstol", "witness": "vittne", "other": "annan"},
	"status": {"intake": "under mottagande", "open": "pågående", "closed": "avslutat", "archived": "arkiverat",
		"completed": "besvarad", "refused": "avslagen", "in_progress": "pågår", "done": "klar", "cancelled": "struken"},
	"kind": {"email": "e-post", "phone_call": "telefonsamtal", "meeting": "möte", "letter_incoming": "inkommande brev",
		"letter_outgoing": "utgående brev", "note": "anteckning", "access": "tillgång (art. 15)", "rectification": "rättelse (art. 16)",
		"erasure": "radering (art. 17)", "restriction": "begränsning (art. 18)", "portability": "dataportabilitet (art. 20)",
		"objection": "invändning (art. 21)", "person": "person", "organisation": "organisation"},
	"basis": {"consent": "samtycke (art. 6.1 a)", "contract": "avtal (art. 6.1 b)", "legal_obligation": "rättslig förpliktelse (art. 6.1 c)",
		"vital_interest": "grundläggande intresse (art. 6.1 d)", "public_task": "allmänt intresse (art. 6.1 e)",
		"legitimate_interest": "berättigat intresse (art. 6.1 f)"},
	"purpose": {"client_relationship": "klientförhållandet", "matter_handling": "handläggning av ärenden",
		"conflict_check": "jävskontroll", "aml_kyc": "kundkännedom (penningtvättslagen)", "accounting": "bokföring",
		"marketing": "marknadsföring"},
	"category": {"matter_file": "ärendets akt", "accounting": "räkenskapsinformation", "aml_kyc": "kundkännedom",
		"contact_without_basis": "kontakt utan rättslig grund", "communication": "kommunikation", "document": "dokument",
		"access_log": "behörighetslogg", "session": "inloggningssessioner", "held_mail": "inkommande e-post som väntar på arkivering"},
	"held_role": {"from": "från dig", "to": "till dig", "cc": "kopia till dig"},
	"trigger": {"matter_closed": "ärendets avslutande", "last_activity": "senaste aktivitet", "created": "registreringen",
		"transaction_date": "transaktionsdagen"},
	"via": {"page": "webbsida", "api": "API", "export": "export", "calendar": "kalender", "download": "nedladdning",
		"staff": "byrån", "link": "länk", "webhook": "skickat till ett annat system (webhook)"},
	"action": {"contact.view": "öppnade dina kontaktuppgifter", "contact.search": "sökte bland kontakter",
		"matter.view": "öppnade ett ärende", "communication.log": "läste kommunikationsloggen",
		"document.download": "hämtade ett dokument", "gdpr.manage": "hanterade dataskyddsregistret",
		"accesslog.view": "granskade behörighetsloggen", "audit.view": "granskade historiken", "calendar.feed": "kalenderflöde",
		"campaign.manage": "valde ut dig för ett utskick från byrån"},
	"cdd_method":        {"bankid": "BankID", "id_document": "id-handling", "other": "på annat sätt"},
	"cdd_pep":           {"no": "nej", "pep": "ja", "family": "familjemedlem till en sådan person", "close_associate": "känd medarbetare till en sådan person"},
	"cdd_risk":          {"low": "låg", "normal": "normal", "high": "hög"},
	"cdd_decision":      {"approved": "godkänd", "declined": "uppdraget avböjt", "escalated": "lämnad till byråns penningtvättsansvariga"},
	"role_of_recipient": {"processor": "personuppgiftsbiträde", "recipient": "mottagare"},
	// The special categories' words are the web pages' (http/i18n, special.*).
	"special_what": {"contact": "dina kontaktuppgifter i sin helhet", "addresses": "dina adresser",
		"affiliations": "dina roller i organisationer", "relationships": "dina relationer (t.ex. förvaltare, god man, ställföreträdare)",
		"document": "dokument", "communication": "kommunikation"},
	"special_category": {"ethnic_origin": "etniskt ursprung", "political": "politiska åsikter",
		"religious": "religiös eller filosofisk övertygelse", "trade_union": "medlemskap i fackförening", "genetic": "genetiska uppgifter",
		"biometric": "biometriska uppgifter", "health": "hälsa", "sex_life": "sexualliv eller sexuell läggning",
		"criminal": "lagöverträdelser (art. 10)"},
	"special_ground": {"art9_2_a": "art. 9.2 a – uttryckligt samtycke", "art9_2_b": "art. 9.2 b – arbetsrätt och social trygghet",
		"art9_2_c": "art. 9.2 c – grundläggande intressen", "art9_2_d": "art. 9.2 d – ideell organisations medlemmar",
		"art9_2_e": "art. 9.2 e – offentliggjorda av dig", "art9_2_f": "art. 9.2 f – rättsliga anspråk",
		"art9_2_g": "art. 9.2 g – viktigt allmänintresse", "art9_2_h": "art. 9.2 h – hälso- och sjukvård, social omsorg",
		"art9_2_i": "art. 9.2 i – folkhälsa", "art9_2_j": "art. 9.2 j – arkiv, forskning, statistik",
		"art10": "art. 10 – enligt dataskyddslagen 3 kap. (rättsliga anspråk)"},
	"field": {"number": "ärendenummer", "title": "rubrik", "description": "beskrivning", "practice_area": "rättsområde",
		"status": "status", "dates": "datum", "notes": "anteckningar", "party_note": "anteckning om din roll",
		"subject": "ämnesrad", "body": "innehåll", "participants": "övriga deltagare", "name": "namn",
		"content": "innehåll", "staff_member": "vilken medarbetare",
		"risk_reasons": "riskbedömningens skäl", "sanctions_hits": "träffar i sanktionslistan", "hit_reviews": "granskningen av träffarna",
		"decision_reason": "beslutets skäl"},
}

// swedish names code of kind in Swedish.
func swedish(kind, code string) string {
	if w, ok := words[kind][code]; ok {
		return w
	}
	return code
}
