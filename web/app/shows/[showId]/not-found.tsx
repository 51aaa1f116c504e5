import { ShowUnavailable } from '../../../components/show-page/show-unavailable';

export default ShowUnavailable;
