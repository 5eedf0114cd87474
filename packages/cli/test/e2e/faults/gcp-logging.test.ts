import { describeFaults } from './suite.js'

describeFaults('gcp/logging')
