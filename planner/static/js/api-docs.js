// Swagger UI on /api/v1/docs, configured from a data attribute: our
// Content-Security-Policy allows no inline script.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    // The pages' own session works for reading; writes need a bearer token
    // (the Authorize button), since they would also need the CSRF token.
    persistAuthorization: false,
    tryItOutEnabled: false,
    validatorUrl: null,  // the default sends the document to an outside validator
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
