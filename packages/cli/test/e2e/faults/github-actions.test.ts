import { describeFaults } from './suite.js'

describeFaults('github/actions')
