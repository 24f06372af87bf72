/**
 * The docs page's own script, served as a file because the page's
 * Content-Security-Policy allows no inline script. The token comes from
 * `#token=` in the address (removed from it at once, and never sent to the
 * server, as fragments are not) or a prompt, and lives in sessionStorage:
 * gone with the tab. A refused token is forgotten so a reload asks again.
 * No validatorUrl: Swagger UI would otherwise send the document to an
 * online validator.
 */
export const SWAGGER_INIT_SCRIPT = `"use strict";
(function () {
  var KEY = "callboard-token";
  var SPEC = "/api/openapi.json";
  var given = /(?:^#|&)token=([A-Za-z0-9._~+\\/=-]{1,256})(?:&|$)/.exec(location.hash);
  if (given) {
    sessionStorage.setItem(KEY, given[1]);
    history.replaceState(null, "", location.pathname + location.search);
  }
  function token() {
    var t = sessionStorage.getItem(KEY);
    if (!t) {
      t = (prompt("callboard API token (callboard token create --name docs --role viewer)") || "").trim();
      if (t) sessionStorage.setItem(KEY, t);
    }
    return t;
  }
  window.ui = SwaggerUIBundle({
    url: SPEC,
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    displayOperationId: true,
    requestInterceptor: function (req) {
      var t = token();
      if (t) req.headers.Authorization = "Bearer " + t;
      return req;
    },
    responseInterceptor: function (res) {
      if (res.status === 401) sessionStorage.removeItem(KEY);
      return res;
    }
  });
})();
`;
