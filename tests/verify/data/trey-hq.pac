// m365route 0.1.0 PAC file, style fast
// m365route type: expressroute (ExpressRoute-advertised hosts direct, as m365route classify decides)
// m365route catalog: Worldwide, <embedded:Worldwide>, snapshot 2025-11-14, 64 endpoint sets
// m365route for: PAC group hq-clients (site hq)
// m365route generated: 2026-12-05T22:51:15Z
//
// A host goes DIRECT when the highest score among the patterns that match
// it (shExpMatch semantics) is odd, else to the proxy. mrExact holds the
// exact names whose decision differs from the walk below; mrSuffix maps
// ".rest.of.name" to [score of "*.rest.of.name", then H, A, score for
// each pattern A*H.rest.of.name], or to the score alone; mrGlob lists the
// other shapes. See docs/pac.md.
var mrDirect = "DIRECT";
var mrProxy = "PROXY 10.10.2.10:8080; PROXY 10.10.2.11:8080";
var mrLineEnd = /[\n\r\u2028\u2029]/;
var mrExact = {
	"account.activedirectory.windowsazure.com": "D",
	"accounts.accesscontrol.windows.net": "D",
	"adminwebservice.microsoftonline.com": "D",
	"api.passwordreset.microsoftonline.com": "D",
	"autologon.microsoftazuread-sso.com": "D",
	"becws.microsoftonline.com": "D",
	"ccs.login.microsoftonline.com": "D",
	"cdn.odc.officeapps.live.com": "P",
	"cdn.uci.officeapps.live.com": "P",
	"clientconfig.microsoftonline-p.net": "D",
	"companymanager.microsoftonline.com": "D",
	"compliance.microsoft.com": "D",
	"defender.microsoft.com": "D",
	"device.login.microsoftonline.com": "D",
	"graph.microsoft.com": "D",
	"graph.windows.net": "D",
	"login.microsoft.com": "D",
	"login.microsoftonline.com": "D",
	"login.microsoftonline-p.com": "D",
	"login.windows.net": "D",
	"logincert.microsoftonline.com": "D",
	"loginex.microsoftonline.com": "D",
	"login-us.microsoftonline.com": "D",
	"nexus.microsoftonline-p.com": "D",
	"office.live.com": "D",
	"outlook.cloud.microsoft": "D",
	"outlook.office.com": "D",
	"outlook.office365.com": "D",
	"passwordreset.microsoftonline.com": "D",
	"protection.office.com": "D",
	"provisioningapi.microsoftonline.com": "D",
	"purview.microsoft.com": "D",
	"security.microsoft.com": "D",
	"smtp.office365.com": "D",
	"teams.cloud.microsoft": "D",
	"teams.microsoft.com": "D"
};
var mrSuffix = {
	".aadrm.com": 20,
	".acompli.net": 24,
	".activity.windows.com": 42,
	".appex-rf.msn.com": 34,
	".appex.bing.com": 30,
	".aria.microsoft.com": 38,
	".assets-yammer.com": 36,
	".auth.microsoft.com": 39,
	".azure-apim.net": 30,
	".azurerms.com": 26,
	".cloud.microsoft": 32,
	".cortana.ai": 22,
	".entrust.net": 24,
	".events.data.microsoft.com": 52,
	".flow.microsoft.com": 38,
	".geotrust.com": 26,
	".hip.live.com": 26,
	".informationprotection.azure.com": 64,
	".keydelivery.mediaservices.windows.net": 76,
	".lync.com": 19,
	".mail.protection.outlook.com": 57,
	".microsoft.com": 28,
	".microsoftonline-p.com": 44,
	".microsoftonline.com": 40,
	".microsoftusercontent.com": 50,
	".msauth.net": 22,
	".msauthimages.net": 34,
	".msecnd.net": 22,
	".msftauth.net": 26,
	".msftauthimages.net": 38,
	".msftidentity.com": 35,
	".msidentity.com": 31,
	".msocdn.com": 22,
	".mx.microsoft": 27,
	".o365weve.com": 26,
	".office.com": 22,
	".office.net": 22,
	".office365.com": 28,
	".officeapps.live.com": 41,
	".omniroot.com": 26,
	".onenote.com": 24,
	".onenote.net": [0, "cdn", "", 30],
	".online.office.com": 37,
	".onmicrosoft.com": [32, "", "autodiscover.", 58],
	".outlook.com": 24,
	".outlookmobile.com": 36,
	".phonefactor.net": 32,
	".portal.cloudappsecurity.com": 56,
	".powerapps.com": 28,
	".powerautomate.com": 36,
	".protection.office.com": 45,
	".protection.outlook.com": 47,
	".public-trust.com": 34,
	".search.production.apac.trafficmanager.net": 84,
	".search.production.emea.trafficmanager.net": 84,
	".search.production.us.trafficmanager.net": 80,
	".security.microsoft.com": 47,
	".sharepoint.com": 31,
	".sharepointonline.com": 42,
	".skype.com": 20,
	".static.microsoft": 34,
	".streaming.mediaservices.windows.net": 72,
	".svc.ms": 14,
	".symcb.com": 20,
	".symcd.com": 20,
	".teams.cloud.microsoft": 45,
	".teams.microsoft.com": 41,
	".usercontent.microsoft": 44,
	".verisign.com": 26,
	".verisign.net": 26,
	".virtualearth.net": 34,
	".wns.windows.com": 32,
	".yammer.com": 22,
	".yammerusercontent.com": 44
};
var mrGlob = [];

function FindProxyForURL(url, host)
{
	var h = host, e, i, j, p, a, s, best = 0;

	h = h.toLowerCase();
	if (h.charAt(h.length - 1) == ".")
		h = h.substring(0, h.length - 1);
	e = mrExact[h];
	if (e === "D")
		return mrDirect;
	if (e === "P")
		return mrProxy;
	for (i = h.lastIndexOf("."); i >= 0;
	    i = i > 0 ? h.lastIndexOf(".", i - 1) : -1) {
		e = mrSuffix[h.substring(i)];
		if (typeof e == "number") {
			if (e > best)
				best = e;
			continue;
		}
		if (!e)
			continue;
		if (e[0] > best)
			best = e[0];
		for (j = 1; j < e.length; j += 3) {
			s = e[j + 2];
			if (s <= best)
				continue;
			a = e[j + 1];
			p = i - e[j].length;
			if (p >= a.length && h.substring(p, i) == e[j] &&
			    h.substring(0, a.length) == a)
				best = s;
		}
	}
	for (j = 0; j < mrGlob.length; j += 2)
		if (mrGlob[j + 1] > best && shExpMatch(h, mrGlob[j]))
			best = mrGlob[j + 1];
	if ((best & 1) == 1 && !mrLineEnd.test(h))
		return mrDirect;
	return mrProxy;
}
