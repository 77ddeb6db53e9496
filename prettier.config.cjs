// Prettier: the Office add-in projects' shared settings (office-addin-prettier-config).
module.exports = require("office-addin-prettier-config");
