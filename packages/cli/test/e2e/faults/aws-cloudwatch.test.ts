import { describeFaults } from './suite.js'

describeFaults('aws/cloudwatch')
