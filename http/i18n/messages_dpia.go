package i18n

// impactMessages are the register of impact assessments (art. 35) in the
// structure of CNIL's PIA method, the prefilled assessment of Klient's
// own processing, and the refusals of its rules (the dpo.dpia.* codes).
var impactMessages = map[string]Message{
	"audit.event.impact_assessment_recorded": {SV: "Konsekvensbedömning sparad", EN: "Impact assessment saved"},

	"dpia.link":         {SV: "Konsekvensbedömningar", EN: "Impact assessments"},
	"dpia.list.title":   {SV: "Konsekvensbedömningar", EN: "Impact assessments"},
	"dpia.list.lead":    {SV: "Bedömningar av behandlingar som sannolikt medför hög risk för de registrerade (art. 35), enligt CNIL:s metod: sammanhang, nödvändighet och proportionalitet, risker, åtgärdsplan, beslut.", EN: "Assessments of processing likely to result in a high risk to people (art. 35), in CNIL's method: context, necessity and proportionality, risks, action plan, decision."},
	"dpia.list.none":    {SV: "Inga konsekvensbedömningar är registrerade.", EN: "No impact assessments are recorded."},
	"dpia.new.title":    {SV: "Ny konsekvensbedömning", EN: "New impact assessment"},
	"dpia.title":        {SV: "Konsekvensbedömning", EN: "Impact assessment"},
	"dpia.lead":         {SV: "Varje sparad version finns kvar i historiken.", EN: "Every saved version stays in the history."},
	"dpia.done":         {SV: "Konsekvensbedömningen är sparad.", EN: "The impact assessment is saved."},
	"dpia.submit":       {SV: "Spara", EN: "Save"},
	"dpia.earlier":      {SV: "Du läser en tidigare version. Den senaste är version %d.", EN: "You are reading an earlier version. The latest is version %d."},
	"dpia.latest":       {SV: "Visa den senaste versionen", EN: "Show the latest version"},
	"dpia.history":      {SV: "Versioner", EN: "Versions"},
	"dpia.version":      {SV: "Version %d", EN: "Version %d"},
	"dpia.col.version":  {SV: "Version", EN: "Version"},
	"dpia.col.saved":    {SV: "Sparad", EN: "Saved"},
	"dpia.col.risks":    {SV: "Kvarvarande risk", EN: "Residual risk"},
	"dpia.high":         {SV: "Hög", EN: "High"},
	"dpia.not_high":     {SV: "Inte hög", EN: "Not high"},
	"dpia.reviews_due":  {SV: "Granskningar av konsekvensbedömningar", EN: "Impact assessment reviews"},
	"dpia.reviews_none": {SV: "Ingen konsekvensbedömning ska granskas den närmaste månaden.", EN: "No impact assessment falls due for review in the coming month."},

	"dpia.part.context":  {SV: "1. Sammanhang", EN: "1. Context"},
	"dpia.part.risks":    {SV: "2. Risker", EN: "2. Risks"},
	"dpia.part.plan":     {SV: "3. Åtgärdsplan", EN: "3. Action plan"},
	"dpia.part.decision": {SV: "4. Beslut", EN: "4. Decision"},

	"dpia.field.title":       {SV: "Behandling som bedöms", EN: "Processing assessed"},
	"dpia.field.context":     {SV: "Beskrivning av behandlingen", EN: "Description of the processing"},
	"dpia.field.necessity":   {SV: "Nödvändighet och proportionalitet", EN: "Necessity and proportionality"},
	"dpia.field.threats":     {SV: "Riskkällor, hot och följder för de registrerade", EN: "Sources, threats and impacts on people"},
	"dpia.field.likelihood":  {SV: "Sannolikhet", EN: "Likelihood"},
	"dpia.field.severity":    {SV: "Allvarlighet", EN: "Severity"},
	"dpia.field.action_plan": {SV: "Åtgärder", EN: "Measures"},
	"dpia.field.decision":    {SV: "Beslut", EN: "Decision"},
	"dpia.field.reason":      {SV: "Motivering", EN: "Reasons"},
	"dpia.field.review_by":   {SV: "Granskas senast", EN: "Review by"},

	"dpia.hint.context":     {SV: "Vad som behandlas, varför, av vem, och uppgifternas livscykel.", EN: "What is processed, why, by whom, and the data's life cycle."},
	"dpia.hint.necessity":   {SV: "Rättslig grund, uppgiftsminimering, lagringstid, information och de registrerades rättigheter.", EN: "Legal basis, data minimisation, retention, information and people's rights."},
	"dpia.hint.risks":       {SV: "Bedöm varje risk som den kvarstår när de planerade åtgärderna är på plats: 1 försumbar, 2 begränsad, 3 betydande, 4 maximal.", EN: "Rate each risk as it remains once the planned measures are in place: 1 negligible, 2 limited, 3 significant, 4 maximum."},
	"dpia.hint.action_plan": {SV: "En åtgärd per rad: åtgärd; ansvarig; datum (ÅÅÅÅ-MM-DD).", EN: "One measure a line: measure; owner; date (YYYY-MM-DD)."},
	"dpia.hint.reason":      {SV: "Krävs när ett beslut är fattat.", EN: "Required once a decision is taken."},

	"dpia.risk.access":        {SV: "Obehörig åtkomst till uppgifter", EN: "Illegitimate access to data"},
	"dpia.risk.modification":  {SV: "Oönskad ändring av uppgifter", EN: "Unwanted modification of data"},
	"dpia.risk.disappearance": {SV: "Förlust av uppgifter", EN: "Disappearance of data"},

	"dpia.level.choose": {SV: "Välj", EN: "Choose"},
	"dpia.level.1":      {SV: "Försumbar", EN: "Negligible"},
	"dpia.level.2":      {SV: "Begränsad", EN: "Limited"},
	"dpia.level.3":      {SV: "Betydande", EN: "Significant"},
	"dpia.level.4":      {SV: "Maximal", EN: "Maximum"},

	"dpia.decision.none":    {SV: "Utkast, inget beslut", EN: "Draft, no decision"},
	"dpia.decision.proceed": {SV: "Behandlingen genomförs", EN: "The processing goes ahead"},
	"dpia.decision.consult": {SV: "Förhandssamråd med IMY (art. 36)", EN: "Prior consultation with IMY (art. 36)"},
	"dpia.decision.stop":    {SV: "Behandlingen genomförs inte", EN: "The processing does not go ahead"},

	"dpia.proposal.title":              {SV: "Klients behandling av klient- och ärendeuppgifter", EN: "Klient's processing of client and matter data"},
	"dpia.proposal.context":            {SV: "Byrån registrerar klienter, motparter och andra i ärenden, jävskontrollerar, dokumenterar kommunikation, handlingar och tidsfrister, och hanterar de registrerades rättigheter. Uppgifterna kan omfatta känsliga personuppgifter och uppgifter om lagöverträdelser. Medarbetare ser ärenden enligt roll, team och etiska murar.", EN: "The firm records clients, counterparties and others in matters, runs conflict checks, keeps communications, documents and deadlines, and handles people's rights. The data may include special categories and criminal-offence data. Staff see matters by role, team and ethical walls."},
	"dpia.proposal.necessity":          {SV: "Avtal med klienten (art. 6.1 b), rättslig förpliktelse (penningtvättslagen, advokatsamfundets regler) och berättigat intresse (art. 6.1 f); rättsliga anspråk för känsliga uppgifter (art. 9.2 f). Gallring enligt gallringsplanen; registerförteckning och informationssida till de registrerade.", EN: "Contract with the client (art. 6.1 b), legal obligation (anti-money-laundering law, the bar's rules) and legitimate interest (art. 6.1 f); legal claims for special categories (art. 9.2 f). Erasure by the retention schedule; a record of processing and an information page for people."},
	"dpia.proposal.risk.access":        {SV: "Medarbetare utanför ärendet, ett stulet konto eller API-nyckel. Följd: röjda uppgifter om klienter och motparter. Åtgärder i Klient: roller, etiska murar, åtkomstlogg, kryptering per registrerad.", EN: "Staff outside the matter, a stolen account or API token. Impact: disclosure of clients' and counterparties' data. Klient's measures: roles, ethical walls, access log, per-person encryption."},
	"dpia.proposal.risk.modification":  {SV: "Felaktiga ändringar av kontaktuppgifter eller tidsfrister. Följd: missade frister, fel person kontaktas. Åtgärder i Klient: händelselogg med vem och när, versionskontroll.", EN: "Wrong changes to contact data or deadlines. Impact: missed deadlines, the wrong person contacted. Klient's measures: an event log of who and when, version checks."},
	"dpia.proposal.risk.disappearance": {SV: "Driftavbrott, förlorad nyckel, misstag vid gallring. Följd: uppgifter saknas när klienten behöver dem. Åtgärder i Klient: säkerhetskopior, gallringsplan med lagstadgade spärrar.", EN: "Outage, a lost key, a mistaken erasure. Impact: data missing when the client needs it. Klient's measures: backups, a retention schedule with statutory holds."},

	"dpo.dpia.id":                {SV: "Det här är inget id för en konsekvensbedömning.", EN: "This is not an impact assessment ID."},
	"dpo.dpia.not_found":         {SV: "Konsekvensbedömningen finns inte.", EN: "There is no such impact assessment."},
	"dpo.dpia.changed_meanwhile": {SV: "Någon annan ändrade konsekvensbedömningen under tiden. Läs in sidan igen.", EN: "Someone else changed the impact assessment meanwhile. Reload the page."},
	"dpo.dpia.action":            {SV: "Skriv varje åtgärd på en egen rad: åtgärd; ansvarig; datum (ÅÅÅÅ-MM-DD).", EN: "Write each measure on its own line: measure; owner; date (YYYY-MM-DD)."},
	"dpo.dpia.level":             {SV: "Välj en nivå från 1 till 4.", EN: "Choose a level from 1 to 4."},
	"dpo.dpia.risk_kind":         {SV: "Bedöm bara de tre riskerna: obehörig åtkomst, oönskad ändring och förlust.", EN: "Rate only the three risks: illegitimate access, unwanted modification and disappearance."},
	"dpo.dpia.decision":          {SV: "Välj ett beslut.", EN: "Choose a decision."},
	"dpo.dpia.consult_required":  {SV: "En hög kvarvarande risk kräver förhandssamråd med IMY innan behandlingen genomförs (art. 36).", EN: "A high residual risk needs prior consultation with IMY before the processing goes ahead (art. 36)."},
	"dpo.dpia.review_required":   {SV: "Ange när konsekvensbedömningen ska granskas.", EN: "Set the next review."},
}
