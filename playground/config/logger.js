'use strict';

const { configs } = require('@strapi/logger');

// STRAPI_LOG_LEVEL=warn keeps the test output readable; the demo logs every request.
module.exports = {
  ...configs.createDefaultConfiguration(),
  level: process.env.STRAPI_LOG_LEVEL || 'http',
};
